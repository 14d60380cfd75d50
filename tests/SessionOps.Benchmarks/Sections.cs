using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using SessionOps.Boards;
using SessionOps.Catalogs;
using SessionOps.ConnectionPoints;
using SessionOps.Delegates;

namespace SessionOps.Benchmarks;

public sealed record ScaleResult(int Points, double BytesPerPoint, int Sessions, int PointsPerSession, double BytesPerSession,
    double PointActivationSeconds, double SessionActivationSeconds, string ActivatedGrains);

public sealed record DemoResult(double EmptyStartSeconds, double DemoLoadStartSeconds, double ColdStartSeconds, double ColdActivateSeconds,
    int Sessions, int Points, int Delegates, double HeapMbAfter);

/// <summary>The parts of the benchmark; each prints as it goes and returns its figures for the report.</summary>
public static class Sections
{
    public static void Say(string line) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

    public static string Line(StepResult r) =>
        $"{r.Target,-8} {r.Route,-9} {r.Points,6} pts x {r.Hz,4:0.#} Hz  offered {r.OfferedPerSec,9:N0}/s  accepted {r.AcceptedPerSec,9:N0}/s  " +
        $"p50 {r.P50Ms,7:0.00} ms  p99 {r.P99Ms,8:0.00} ms  CPU {r.CpuPct,3:0} %  WS {r.WorkingSetMb,5:0} MB{(r.Errors > 0 ? $"  errors {r.Errors}" : "")}{(r.Saturated ? "  (saturated)" : "")}";

    /// <summary>Rising rates until the target saturates (accepts under 90 % of what is offered) or the steps run out.</summary>
    public static async Task<List<StepResult>> Rising(HeartbeatLoad load, double[] hzSteps, int maxWorkers, Settings settings)
    {
        // A short warm-up of the JIT and the connection pool at the lowest rate, not recorded.
        await load.Run(hzSteps[0], maxWorkers, TimeSpan.Zero, TimeSpan.FromSeconds(settings.Quick ? 0.5 : 1.5));
        var results = new List<StepResult>();
        foreach (var hz in hzSteps)
        {
            var result = await load.Run(hz, maxWorkers, settings.Warmup, settings.Step);
            Say(Line(result));
            results.Add(result);
            if (result.Saturated || result.P99Ms > 2_000)
            {
                break;
            }
        }

        return results;
    }

    public static async Task<List<PushResult>> Push(BenchHost host, BareServer bare, Settings settings)
    {
        const string sessionId = "bench-push";
        // Few points, each touched often: a point silent for Health:OfflineAfter (10 s) would go offline between its changes.
        const int pointCount = 4;
        var grains = host.Grains;
        var pointIds = World.PointIds("push", pointCount);
        await World.DefinePoints(grains, pointIds);
        await World.DefineSession(grains, sessionId, pointIds);
        await grains.GetGrain<ISessionBoardGrain>(sessionId).Get();

        using var agent = HeartbeatLoad.Client(host.BaseAddress, host.Token("agent"));
        var seqs = new long[pointCount];

        var operatorToken = host.Token("operator");
        var results = new List<PushResult>();
        foreach (var m in settings.PushClientCounts)
        {
            // Baseline: the same payload broadcast by a bare hub to the same number of clients.
            await using (var clients = await PushClients.Connect(new Uri(bare.BaseAddress, "/hubs/bare"), null, m,
                c => c.InvokeAsync("Subscribe", sessionId)))
            {
                var result = await clients.Run("bare", settings.PushChanges,
                    k => Task.FromResult((pointIds[k % pointCount], k % 2 == 0 ? "degraded" : "online")),
                    async (k, stamp) =>
                    {
                        var now = DateTimeOffset.UtcNow;
                        var change = new PointChange(sessionId, pointIds[k % pointCount], $"Điểm cầu {k % pointCount}", "Tỉnh 1",
                            k % 2 == 0 ? LinkHealth.Degraded : LinkHealth.Online, k % 2 == 0 ? LinkHealth.Online : LinkHealth.Degraded,
                            450, 60, 6, 600, true, true, now, now, 12);
                        stamp();
                        await bare.Hub.Clients.Group("session:" + sessionId).SendAsync("ConnectionPointChanged", change);
                    });
                Say($"push     bare      {m,5} clients  {result.Changes} changes  p50 {result.P50Ms,7:0.00} ms  p99 {result.P99Ms,7:0.00} ms  max {result.MaxMs,7:0.00} ms  missed {result.Missed}  (connect {result.ConnectSeconds:0.0} s)");
                results.Add(result);
            }

            // SessionOps: a heartbeat that changes a point's health, from the agent's request to the screens.
            await using (var clients = await PushClients.Connect(new Uri(host.BaseAddress, "/hubs/ops"), operatorToken, m,
                c => c.InvokeAsync<System.Text.Json.JsonElement>("Subscribe", sessionId)))
            {
                var worse = new bool[pointCount];
                var result = await clients.Run("gateway", settings.PushChanges,
                    async k =>
                    {
                        // From the point's actual health: 3 bad heartbeats in a row make an online point degraded, 5 good ones
                        // make a degraded point online (hysteresis); all but the deciding one are sent now. A point that went
                        // offline is first brought back online (heard again: degraded; 5 good: online).
                        var p = k % pointCount;
                        var point = grains.GetGrain<IConnectionPointGrain>(pointIds[p]);
                        if ((await point.Get())!.Health is not (LinkHealth.Online or LinkHealth.Degraded))
                        {
                            for (var i = 0; i < 6; i++)
                            {
                                await Send(agent, pointIds[p], ++seqs[p], good: true);
                            }
                        }

                        worse[p] = (await point.Get())!.Health == LinkHealth.Online;
                        for (var i = 0; i < (worse[p] ? 2 : 4); i++)
                        {
                            await Send(agent, pointIds[p], ++seqs[p], good: !worse[p]);
                        }

                        return (pointIds[p], worse[p] ? "degraded" : "online");
                    },
                    async (k, stamp) =>
                    {
                        var p = k % pointCount;
                        var request = Request(pointIds[p], ++seqs[p], good: !worse[p]);
                        stamp();
                        using var response = await agent.SendAsync(request);
                        response.EnsureSuccessStatusCode();
                    });
                Say($"push     gateway   {m,5} clients  {result.Changes} changes  p50 {result.P50Ms,7:0.00} ms  p99 {result.P99Ms,7:0.00} ms  max {result.MaxMs,7:0.00} ms  missed {result.Missed}  (connect {result.ConnectSeconds:0.0} s)");
                results.Add(result);
            }
        }

        return results;
    }

    internal static async Task Send(HttpClient agent, string pointId, long seq, bool good)
    {
        using var response = await agent.SendAsync(Request(pointId, seq, good));
        response.EnsureSuccessStatusCode();
    }

    internal static HttpRequestMessage Request(string pointId, long seq, bool good)
    {
        var sentAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var metrics = good
            ? "\"latencyMs\":60,\"jitterMs\":5,\"packetLossPct\":0.2,\"bitrateKbps\":2000"
            : "\"latencyMs\":450,\"jitterMs\":60,\"packetLossPct\":6,\"bitrateKbps\":600";
        return new HttpRequestMessage(HttpMethod.Post, $"/api/connection-points/{pointId}/heartbeats")
        {
            Content = new StringContent($"{{\"seq\":{seq},\"sentAt\":\"{sentAt}\",{metrics},\"audio\":true,\"video\":true}}", Encoding.UTF8, "application/json"),
        };
    }

    /// <summary>
    /// Memory per active grain: every point and session is defined, every activation collected, then points are woken
    /// by a heartbeat each and sessions by reading their boards; the settled heap before and after, divided by the count.
    /// </summary>
    public static async Task<List<ScaleResult>> Scale(Settings settings, string directory)
    {
        var total = settings.ScalePoints[^1];
        await using var host = BenchHost.Start(Path.Combine(directory, "scale.db"));
        var grains = host.Grains;
        var pointIds = World.PointIds("scale", total);
        var setUp = await World.DefinePoints(grains, pointIds);
        var sessionIds = Enumerable.Range(0, total / settings.PointsPerSession).Select(i => $"scale-session-{i:D4}").ToArray();
        await Parallel.ForEachAsync(sessionIds.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, _) =>
            await World.DefineSession(grains, s.id, pointIds.Skip(s.i * settings.PointsPerSession).Take(settings.PointsPerSession).ToArray()));
        Say($"scale    set-up: {total:N0} points and {sessionIds.Length} sessions defined in {setUp:0.0} s (points)");

        var management = grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var before = await Activations(management);
        Say($"scale    after collecting every activation: {Describe(before)}");

        using var agent = HeartbeatLoad.Client(host.BaseAddress, host.Token("agent"));
        var seqs = new long[total];
        var results = new List<ScaleResult>();
        long pointBytes = 0, sessionBytes = 0;
        int pointsDone = 0, sessionsDone = 0;
        var heap = Measure.SettledHeapBytes();
        foreach (var n in settings.ScalePoints)
        {
            var started = Stopwatch.GetTimestamp();
            await World.Prime(agent, pointIds, seqs, pointsDone, n);
            var pointSeconds = Measure.Ms(started, Stopwatch.GetTimestamp()) / 1000;
            var afterPoints = Measure.SettledHeapBytes();
            pointBytes += afterPoints - heap;
            pointsDone = n;

            var sessionsNow = n / settings.PointsPerSession;
            started = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(sessionIds[sessionsDone..sessionsNow], new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
                await grains.GetGrain<ISessionBoardGrain>(id).Get());
            var sessionSeconds = Measure.Ms(started, Stopwatch.GetTimestamp()) / 1000;
            heap = Measure.SettledHeapBytes();
            sessionBytes += heap - afterPoints;
            sessionsDone = sessionsNow;

            var now = await Activations(management);
            var delta = Describe(now.ToDictionary(a => a.Key, a => a.Value - before.GetValueOrDefault(a.Key)));
            var result = new ScaleResult(n, (double)pointBytes / n, sessionsNow, settings.PointsPerSession, (double)sessionBytes / sessionsNow,
                pointSeconds, sessionSeconds, delta);
            Say($"scale    {n,6:N0} points: {result.BytesPerPoint / 1024,6:0.0} KB per point; {sessionsNow} sessions of {settings.PointsPerSession} points: " +
                $"{result.BytesPerSession / 1024,6:0.0} KB per session; woke the points in {pointSeconds:0.0} s, the sessions in {sessionSeconds:0.0} s; activations added: {delta}");
            results.Add(result);
        }

        return results;
    }

    private static async Task<Dictionary<string, int>> Activations(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics())
            .GroupBy(s => s.GrainType.Split(',')[0].Split('.')[^1])
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));

    private static string Describe(Dictionary<string, int> counts) =>
        string.Join(", ", counts.Where(c => c.Value != 0).OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value:N0}"));

    /// <summary>The demo data loaded into an empty store, then the Gateway started cold on that store and every board, point and delegate read.</summary>
    public static async Task<DemoResult> Demo(string directory)
    {
        var started = Stopwatch.GetTimestamp();
        await using (BenchHost.Start(Path.Combine(directory, "empty.db")))
        {
        }

        var emptyStart = Measure.Ms(started, Stopwatch.GetTimestamp()) / 1000;

        var file = Path.Combine(directory, "demo.db");
        started = Stopwatch.GetTimestamp();
        await using (BenchHost.Start(file, demoData: true))
        {
        }

        var demoLoad = Measure.Ms(started, Stopwatch.GetTimestamp()) / 1000;

        started = Stopwatch.GetTimestamp();
        await using var host = BenchHost.Start(file);
        var coldStart = Measure.Ms(started, Stopwatch.GetTimestamp()) / 1000;
        var grains = host.Grains;
        var sessions = await grains.GetGrain<ICatalogGrain>(Catalog.Sessions).List();
        var points = await grains.GetGrain<ICatalogGrain>(Catalog.ConnectionPoints).List();
        var delegates = await grains.GetGrain<ICatalogGrain>(Catalog.Delegates).List();
        await Task.WhenAll(
            Task.WhenAll(sessions.Select(id => grains.GetGrain<ISessionBoardGrain>(id).Get())),
            Task.WhenAll(points.Select(id => grains.GetGrain<IConnectionPointGrain>(id).Get())),
            Task.WhenAll(delegates.Select(id => grains.GetGrain<IDelegateGrain>(id).Get())));
        var activate = Measure.Ms(started, Stopwatch.GetTimestamp()) / 1000;
        var result = new DemoResult(emptyStart, demoLoad, coldStart, activate, sessions.Length, points.Length, delegates.Length, Measure.HeapMb(collect: true));
        Say($"demo     empty store: start+stop {emptyStart:0.00} s; demo data loaded: start+stop {demoLoad:0.00} s; cold start {coldStart:0.00} s, " +
            $"every board, point and delegate read {activate:0.00} s after the start began ({sessions.Length} sessions, {points.Length} points, {delegates.Length} delegates)");
        return result;
    }
}
