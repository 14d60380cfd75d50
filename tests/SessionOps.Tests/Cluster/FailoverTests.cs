using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SessionOps.Tests.Cluster;

/// <summary>The failures a live sitting cannot afford, on real silo processes and a real Redis.</summary>
[Trait("Needs", "Redis")]
public sealed class FailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RedisCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RedisCluster.Start();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>Writes to a set of venues round and round; keeps what each last acknowledged.</summary>
    private sealed class Writer(HttpClient admin, string prefix, int venues)
    {
        public readonly ConcurrentDictionary<int, int> Acknowledged = new();
        public readonly ConcurrentDictionary<int, DateTimeOffset> LastSuccess = new();
        public int Failures;

        public async Task Run(CancellationToken stop)
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var venue = n % venues;
                try
                {
                    var response = await admin.PutAsJsonAsync($"/api/venues/{prefix}-{venue}", new { name = $"Phòng {n}", kind = "meetingRoom" }, stop);
                    if (response.IsSuccessStatusCode)
                    {
                        Acknowledged[venue] = n;
                        LastSuccess[venue] = DateTimeOffset.UtcNow;
                    }
                    else
                    {
                        Interlocked.Increment(ref Failures);
                    }
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref Failures);
                }

                await Task.Delay(20, CancellationToken.None);
            }
        }
    }

    private static async Task Heartbeat(HttpClient agent, string point, Func<long> seq, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await agent.PostAsJsonAsync($"/api/connection-points/{point}/heartbeats", Heartbeats.Good(seq()), stop);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception)
            {
                // Heartbeats are not writes; during the failover some may fail, the next ones count.
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Killing_a_silo_while_heartbeats_flow_loses_no_acknowledged_write_and_the_board_and_the_push_recover()
    {
        var silos = new[] { await _cluster.StartSiloProcess(), await _cluster.StartSiloProcess(), await _cluster.StartSiloProcess() };
        var gateway = await _cluster.StartGateway();
        var world = await (await (await new ApiWorld(gateway.Client("admin")).Create()).MoveTo(gateway.Client("operator"), "preparing", "ready")).OverrideToLive();
        await using var client = await HubClient.Connect(gateway, "leadership");
        await client.Subscribe(world.Session);

        long seq = 0;
        using var stop = new CancellationTokenSource();
        var writer = new Writer(gateway.Client("admin"), world.Prefix + "-room", venues: 20);
        var writing = writer.Run(stop.Token);
        var beating = Heartbeat(gateway.Client("operator"), world.Point, () => Interlocked.Increment(ref seq), stop.Token);
        await client.WaitFor("BoardUpdated", b => b.Int("connectionPoints", "online") == 1);
        await Eventually.Get(() => Task.FromResult(writer.Acknowledged.Count), n => n == 20, what: "every venue written once");

        var killedAt = DateTimeOffset.UtcNow;
        silos[0].Kill();
        var clock = Stopwatch.StartNew();

        // Recovered when every one of the twenty grains, wherever it lived, has taken a write again.
        await Eventually.Get(() => Task.FromResult(writer.LastSuccess.Values.Count(t => t > killedAt)), n => n == 20,
            TimeSpan.FromSeconds(90), "every grain to be writable again");
        var recovery = clock.Elapsed;
        output.WriteLine($"Recovery after kill -9 of one of three silos: {recovery.TotalSeconds:F1} s; writes refused meanwhile: {writer.Failures}.");
        Console.WriteLine($"[failover] recovery after kill -9: {recovery.TotalSeconds:F1} s (writes refused meanwhile: {writer.Failures})");

        stop.Cancel();
        await Task.WhenAll(writing, beating);

        // The screen keeps up: a change after the failover reaches the subscribed client.
        var pushesBefore = client.All("BoardUpdated").Count();
        var @operator = gateway.Client("operator");
        await Heartbeats.Send(@operator, world.Point, Heartbeats.Poor(Interlocked.Increment(ref seq)), Heartbeats.Poor(Interlocked.Increment(ref seq)),
            Heartbeats.Poor(Interlocked.Increment(ref seq)));
        await client.WaitFor("ConnectionPointChanged", c => c.Str("id") == world.Point && c.Str("health") == "degraded", TimeSpan.FromSeconds(30));
        await client.WaitFor("BoardUpdated", b => b.Int("connectionPoints", "degraded") == 1, TimeSpan.FromSeconds(30));
        Assert.True(client.All("BoardUpdated").Count() > pushesBefore);

        // No acknowledged write is lost: each venue holds its last acknowledged write, or a later one.
        var admin = gateway.Client("admin");
        foreach (var (venue, acknowledged) in writer.Acknowledged)
        {
            var stored = await (await admin.GetAsync($"/api/venues/{world.Prefix}-room-{venue}")).Json();
            var number = int.Parse(((string)stored["name"]!)["Phòng ".Length..]);
            Assert.True(number >= acknowledged, $"venue {venue}: acknowledged {acknowledged}, stored {number}");
        }

        var board = await (await admin.GetAsync($"/api/sessions/{world.Session}/board")).Json();
        Assert.Equal("live", (string)board["phase"]!);
        Assert.Equal(1, (int)board["connectionPoints"]!["degraded"]!);
    }

    [Fact]
    public async Task A_rolling_restart_with_sigterm_fails_no_request_sent_to_the_gateway()
    {
        var silos = new List<SiloProcess> { await _cluster.StartSiloProcess(), await _cluster.StartSiloProcess() };
        var gateway = await _cluster.StartGateway();
        var world = await new ApiWorld(gateway.Client("admin")).Create();
        long seq = 0;
        var errors = new ConcurrentQueue<string>();
        var sent = 0;
        using var stop = new CancellationTokenSource();

        async Task Traffic(Func<Task<HttpResponseMessage>> send)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var response = await send();
                    Interlocked.Increment(ref sent);
                    if (!response.IsSuccessStatusCode)
                    {
                        errors.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception exception)
                {
                    errors.Enqueue(exception.Message);
                }

                await Task.Delay(25, CancellationToken.None);
            }
        }

        var admin = gateway.Client("admin");
        var @operator = gateway.Client("operator");
        var counter = 0;
        var traffic = Task.WhenAll(
            Traffic(() => admin.GetAsync($"/api/sessions/{world.Session}/board")),
            Traffic(() => admin.PutAsJsonAsync($"/api/venues/{world.Prefix}-room-{Interlocked.Increment(ref counter) % 10}", new { name = "Phòng họp", kind = "meetingRoom" })),
            Traffic(() => @operator.PostAsJsonAsync($"/api/connection-points/{world.Point}/heartbeats", Heartbeats.Good(Interlocked.Increment(ref seq)))));

        for (var i = 0; i < silos.Count; i++)
        {
            await silos[i].Terminate();
            silos[i] = await _cluster.StartSiloProcess();
        }

        stop.Cancel();
        await traffic;
        output.WriteLine($"Requests during the rolling restart: {sent}, failed: {errors.Count}");
        Assert.True(sent > 100, $"only {sent} requests were sent");
        Assert.True(errors.IsEmpty, string.Join("\n", errors.Take(10)));
    }

    [Fact]
    public async Task A_client_whose_gateway_stops_reconnects_to_another_and_is_correct_again()
    {
        await _cluster.StartSiloProcess();
        var first = await _cluster.StartGateway();
        var second = await _cluster.StartGateway();
        var world = await (await new ApiWorld(first.Client("admin")).Create()).MoveTo(first.Client("operator"), "preparing");
        await using (var onFirst = await HubClient.Connect(first, "leadership"))
        {
            await onFirst.Subscribe(world.Session);
        }

        await first.DisposeAsync();
        await Heartbeats.Send(second.Client("operator"), world.Point, Heartbeats.Good(1), Heartbeats.Poor(2), Heartbeats.Poor(3), Heartbeats.Poor(4));

        await using var onSecond = await HubClient.Connect(second, "leadership");
        var board = await onSecond.Subscribe(world.Session);
        Assert.Equal(1, board.Int("connectionPoints", "degraded"));

        await Heartbeats.Send(second.Client("operator"), world.Point, Enumerable.Range(5, 5).Select(s => Heartbeats.Good(s)).ToArray());
        await onSecond.WaitFor("BoardUpdated", b => b.Int("connectionPoints", "online") == 1);
    }
}
