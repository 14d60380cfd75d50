using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SessionOps.Tests.Cluster;

/// <summary>The silence timers of the points a dead silo held are not lost with it.</summary>
[Trait("Needs", "Redis")]
public sealed class RewatchTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan OfflineAfter = TimeSpan.FromSeconds(3);

    /// <summary>
    /// What the silos' production membership settings take to declare a killed silo dead (three missed 2 s probes and
    /// two votes: about 3 s measured by <c>FailoverTests</c>), with room for a loaded CI machine, where the adaptive
    /// probe timeout stretches; far below the fleet's backstop reminder, set to ten minutes here so that only the wake
    /// after the death can turn the points offline within the test.
    /// </summary>
    private static readonly TimeSpan MembershipTimeout = TimeSpan.FromSeconds(20);

    private RedisCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RedisCluster.Start();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>The sum of <c>sessionops_health_transitions_total{to="Offline"}</c> in Prometheus text.</summary>
    private static long OfflineTransitions(string metrics) => metrics.Split('\n')
        .Where(line => line.StartsWith("sessionops_health_transitions_total{", StringComparison.Ordinal) && line.Contains("to=\"Offline\"", StringComparison.Ordinal))
        .Sum(line => (long)double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task After_a_silo_is_killed_the_silent_points_it_held_go_offline_without_waiting_for_the_fleets_reminder()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Health:OfflineAfter"] = OfflineAfter.ToString(),
            ["Health:WakeFleetEvery"] = TimeSpan.FromMinutes(10).ToString(),
        };
        var silos = new[] { await _cluster.StartSiloProcess(settings), await _cluster.StartSiloProcess(settings), await _cluster.StartSiloProcess(settings) };
        var gateway = await _cluster.StartGateway();
        var admin = gateway.Client("admin");
        var prefix = "rw" + Guid.NewGuid().ToString("N")[..8];
        // Two dozen points, placed at random over three silos: the chance that none lives on the one killed is 1 in 17,000.
        var points = Enumerable.Range(0, 24).Select(i => $"{prefix}-{i}").ToArray();
        foreach (var point in points)
        {
            Assert.True((await admin.PutAsJsonAsync($"/api/connection-points/{point}", new { name = point, province = "Huế", kind = "provincialDelegation" }))
                .IsSuccessStatusCode);
        }

        // The agents talk until the silo dies, then all fall silent at once.
        var agent = gateway.Client("operator");
        long seq = 0;
        using var stop = new CancellationTokenSource();
        var beating = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref seq);
                var batch = points.Select(p => new
                {
                    connectionPointId = p, seq = n, sentAt = DateTimeOffset.UtcNow.ToString("O"), latencyMs = 40, jitterMs = 3, packetLossPct = 0,
                    bitrateKbps = 2000, audio = true, video = true,
                }).ToArray();
                await agent.PostAsJsonAsync("/api/heartbeats", batch, CancellationToken.None);
                await Task.Delay(300, CancellationToken.None);
            }
        });
        await Eventually.Get(async () => (await (await admin.GetAsync("/api/connection-points")).Json()).AsArray()
                .Count(p => points.Contains((string)p!["id"]!) && (string)p["health"]! == "online"),
            n => n == points.Length, TimeSpan.FromSeconds(30), "every point online");

        stop.Cancel();
        await beating;
        var silent = System.Diagnostics.Stopwatch.StartNew();
        silos[0].Kill();

        // Watched from the survivors' own metrics, never through the points: a read of a point would wake it and
        // prove nothing. Long before the fleet's backstop reminder could fire (ten minutes here), the death, once known,
        // wakes every point, and each silent point goes offline.
        using var http = new HttpClient();
        var offline = await Eventually.Get(async () =>
        {
            var total = 0L;
            foreach (var silo in silos[1..])
            {
                total += OfflineTransitions(await http.GetStringAsync(silo.Metrics));
            }

            return total;
        }, n => n >= points.Length, OfflineAfter + MembershipTimeout, "every silent point offline within OfflineAfter and the membership's timeout");
        output.WriteLine($"every silent point offline {silent.Elapsed.TotalSeconds:0.0} s after the kill (OfflineAfter {OfflineAfter.TotalSeconds} s)");
        Assert.Equal(points.Length, offline);
    }
}
