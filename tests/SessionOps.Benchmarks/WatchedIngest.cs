using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace SessionOps.Benchmarks;

/// <summary>
/// <c>-- --outside --watched [--quick]</c>: what screens cost the heartbeat route. The single route from outside (wrk
/// on core 1, the Gateway on core 0, 1,000 points of one session) with nobody watching, then with 1,000 SignalR
/// subscribers of the session and 20 operator consoles that also watch its live metrics (this process, on core 1),
/// in turns so that a drift of the machine falls on both. Steady heartbeats change no health, so what the watchers
/// cost is their connections and the consoles' live metrics. Goal (issue 13): watched ≥ 0.9× unwatched.
/// </summary>
public static class WatchedIngest
{
    private const int Points = 1000;
    private const int Subscribers = 1000;
    private const int Consoles = 20;

    /// <summary>Unmeasured load before each measured run, long enough for a silent fleet to be heard again and its pushes to drain.</summary>
    private const int SettleSeconds = 5;
    private const string Session = "bench-watched";

    public static async Task<int> Run(string[] args)
    {
        var quick = args.Contains("--quick");
        var seconds = quick ? 5 : 15;
        var rounds = quick ? 1 : 3;
        FleetLoad.PinSelfTo(1);
        var directory = Directory.CreateTempSubdirectory("sessionops-watched-").FullName;
        var quiet = new List<OutsideLoad.WrkResult>();
        var watched = new List<OutsideLoad.WrkResult>();
        try
        {
            using var gateway = await ServerProcess.Gateway(Path.Combine(directory, "gateway.db"));
            var token = await gateway.DefinePoints(Points);
            await DefineSession(gateway);
            var script = OutsideLoad.Script.Single(Points, token);
            await OutsideLoad.Wrk("warm-up", gateway.BaseAddress, script, quick ? 10 : 20, 1);
            var hub = new Uri(gateway.BaseAddress, "/hubs/ops");
            var operatorToken = await gateway.Token("operator");
            for (var round = 1; round <= rounds; round++)
            {
                // Each measured run follows a few seconds of the same load, unmeasured: the gaps between runs (the screens
                // connecting take longer than OfflineAfter) let the fleet fall silent, and its coming back at once is a
                // fleet-wide change, not the steady watching measured here. Its figures are printed all the same.
                await OutsideLoad.Wrk($"settling, round {round}", gateway.BaseAddress, script, SettleSeconds, 1);
                quiet.Add(await OutsideLoad.Wrk($"nobody watching, round {round}", gateway.BaseAddress, script, seconds, 1));
                await using (var subscribers = await PushClients.Connect(hub, operatorToken, Subscribers, c => c.InvokeAsync<JsonElement>("Subscribe", Session)))
                await using (var consoles = await PushClients.Connect(hub, operatorToken, Consoles, async c =>
                {
                    await c.InvokeAsync<JsonElement>("Subscribe", Session);
                    await c.InvokeAsync("WatchMetrics", Session);
                }))
                {
                    // The consoles' first live metrics arrive before the run.
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    await OutsideLoad.Wrk($"settling, watched, round {round}", gateway.BaseAddress, script, SettleSeconds, 1);
                    watched.Add(await OutsideLoad.Wrk($"{Subscribers:N0} subscribers + {Consoles} consoles, round {round}", gateway.BaseAddress, script, seconds, 1));
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        var q = Median(quiet);
        var w = Median(watched);
        Console.WriteLine();
        Console.WriteLine("| run | requests/s (median) | slowest–fastest run | p50 ms | p99 ms | non-2xx |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, runs) in new[] { ("nobody watching", quiet), ($"{Subscribers:N0} subscribers + {Consoles} operator consoles", watched) })
        {
            var m = Median(runs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {m.RequestsPerSecond:N0} | {runs.Min(r => r.RequestsPerSecond):N0}–{runs.Max(r => r.RequestsPerSecond):N0} | {m.P50Ms:0.0} | {m.P99Ms:0.0} | {runs.Sum(r => r.Non2xx)} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"watched / nobody watching = {w.RequestsPerSecond / q.RequestsPerSecond:0.00}× (goal ≥ 0.9×; medians of {rounds} run(s) of {seconds} s each, taken in turns)"));
        return 0;
    }

    private static OutsideLoad.WrkResult Median(List<OutsideLoad.WrkResult> runs) =>
        runs.OrderBy(r => r.RequestsPerSecond).ElementAt(runs.Count / 2);

    /// <summary>A session of cp-0 … cp-999, tomorrow: its board is live and its points tell it of their changes.</summary>
    private static async Task DefineSession(ServerProcess gateway)
    {
        using var admin = await gateway.Client("admin");
        (await admin.PutAsJsonAsync("/api/venues/bench-hall", new { name = "Hội trường Diên Hồng", kind = "hall", address = "Số 1 Độc Lập" })).EnsureSuccessStatusCode();
        var start = DateTimeOffset.UtcNow.Date.AddDays(1).AddHours(1);
        (await admin.PutAsJsonAsync($"/api/sessions/{Session}", new
        {
            title = "Phiên họp đo tải khi có người xem", kind = "plenary", format = "hybrid", hallVenueId = "bench-hall",
            scheduledStart = new DateTimeOffset(start, TimeSpan.Zero), scheduledEnd = new DateTimeOffset(start.AddHours(3), TimeSpan.Zero),
            connectionPointIds = Enumerable.Range(0, Points).Select(i => $"cp-{i}").ToArray(), delegateIds = Array.Empty<string>(),
        })).EnsureSuccessStatusCode();
    }
}
