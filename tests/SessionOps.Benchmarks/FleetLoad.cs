using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace SessionOps.Benchmarks;

/// <summary>
/// <c>-- --outside --fleet</c>: a whole country's fleet at its real pace, from outside. 10,000 connection points each
/// send one heartbeat a second on the batch route (100 requests a second of 100 heartbeats each, sent on schedule
/// whether or not earlier ones have been answered), from this process pinned to core 1, to the Gateway pinned to
/// core 0; the bare API takes the same load first as the baseline of the run. Measured: the server's CPU, request
/// latency from each request's due time (a late send counts as late), the longest time without any answer (a
/// stall), resident memory, and, when every agent falls silent at once, how long until the points are offline. Also
/// the idle embedded default with its demo data: resident memory after a minute of nothing.
/// </summary>
public static class FleetLoad
{
    private const int Points = 10_000;
    private const int PerRequest = 100;
    private const int RequestsPerSecond = Points / PerRequest;
    private static readonly TimeSpan OfflineAfter = TimeSpan.FromSeconds(10);

    public sealed record FleetRun(
        string Name, int Seconds, long Sent, long Answered, long Failed, double P50Ms, double P99Ms, double MaxMs, double LongestSilenceMs,
        double CpuOfOneCore, double ResidentMb, double PeakResidentMb)
    {
        /// <summary>When the last request was sent (<see cref="Stopwatch.GetTimestamp"/>): from then on every agent is silent.</summary>
        public long LastSentAt { get; init; }
    }

    public static async Task<int> Run(string[] args)
    {
        var quick = args.Contains("--quick");
        var seconds = quick ? 20 : 60;
        var warmup = quick ? 15 : 30;
        PinSelfTo(1);
        var directory = Directory.CreateTempSubdirectory("sessionops-fleet-").FullName;
        var runs = new List<FleetRun>();
        string offline;
        double idleMb;
        try
        {
            using (var bare = await ServerProcess.Bare())
            {
                await Paced("bare warm-up", bare, token: null, Math.Min(warmup, 10));
                runs.Add(await Paced("bare", bare, token: null, seconds));
            }

            using (var gateway = await ServerProcess.Gateway(Path.Combine(directory, "fleet.db"),
                       new Dictionary<string, string> { ["Health__OfflineAfter"] = OfflineAfter.ToString() }))
            {
                var token = await gateway.DefinePoints(Points);
                // Every point heard (its first heartbeat is a change of health and a durable write) before the window.
                await Paced("gateway warm-up", gateway, token, warmup);
                var measured = await Paced("gateway", gateway, token, seconds);
                runs.Add(measured);
                offline = await OfflineAfterSilence(gateway, measured.LastSentAt);
            }

            using (var demo = await ServerProcess.Gateway(Path.Combine(directory, "demo.db"), new Dictionary<string, string> { ["DemoData"] = "true" }))
            {
                await Task.Delay(TimeSpan.FromSeconds(quick ? 20 : 60));
                idleMb = Memory(demo.ProcessId).ResidentMb;
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine(Table(runs));
        Console.WriteLine(offline);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Idle embedded default with the demo data, {(quick ? 20 : 60)} s after its start: resident {idleMb:0} MB (goal: well under 300 MB)"));
        return 0;
    }

    public static string Table(IReadOnlyList<FleetRun> runs)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Points:N0} points × 1 Hz on the batch route ({RequestsPerSecond} requests/s of {PerRequest}):");
        text.AppendLine();
        text.AppendLine("| run | s | requests sent | answered 2xx | failed | p50 ms | p99 ms | max ms | longest silence ms | server CPU (of one core / of two) | resident MB (peak) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in runs)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Seconds} | {r.Sent:N0} | {r.Answered:N0} | {r.Failed:N0} | {r.P50Ms:0.0} | {r.P99Ms:0.0} | {r.MaxMs:0.0} | {r.LongestSilenceMs:0} | {r.CpuOfOneCore:P0} / {r.CpuOfOneCore / 2:P0} | {r.ResidentMb:0} ({r.PeakResidentMb:0}) |");
        }

        text.AppendLine();
        text.AppendLine("Goals (issue 13): server CPU < 50 % of 2 cores, p99 < 100 ms with no stall, resident < 400 MB.");
        return text.ToString();
    }

    /// <summary>
    /// Request k of the run is due at start + k / 100 s and is sent then, answered or not; its latency counts from when
    /// it was due. Point i's heartbeat number is the second it is sent in, so a point is heard once a second.
    /// </summary>
    private static async Task<FleetRun> Paced(string name, ServerProcess server, string? token, int seconds)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var latencies = new ConcurrentBag<double>();
        var answeredAt = new ConcurrentBag<long>();
        long answered = 0, failed = 0;
        var total = seconds * RequestsPerSecond;
        var inFlight = new List<Task>(total);
        var cpuBefore = CpuSeconds(server.ProcessId);
        var clock = Stopwatch.StartNew();
        var startSeq = Stopwatch.GetTimestamp();
        long lastSentAt = 0;
        for (var k = 0; k < total; k++)
        {
            var due = TimeSpan.FromSeconds((double)k / RequestsPerSecond);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var second = startSeq / Stopwatch.Frequency + (k / RequestsPerSecond);
            var first = k % RequestsPerSecond * PerRequest;
            var body = Batch(first, second);
            lastSentAt = Stopwatch.GetTimestamp();
            inFlight.Add(Send(due));

            async Task Send(TimeSpan dueAt)
            {
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await http.PostAsync("/api/heartbeats", content);
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref answered);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }
                catch (TaskCanceledException)
                {
                    Interlocked.Increment(ref failed);
                }

                var now = clock.Elapsed;
                latencies.Add((now - dueAt).TotalMilliseconds);
                answeredAt.Add(now.Ticks);
            }
        }

        await Task.WhenAll(inFlight);
        var wall = clock.Elapsed.TotalSeconds;
        var cpu = (CpuSeconds(server.ProcessId) - cpuBefore) / wall;
        var ordered = latencies.Order().ToArray();
        var times = answeredAt.Order().ToArray();
        var silence = times.Zip(times.Skip(1), (a, b) => TimeSpan.FromTicks(b - a).TotalMilliseconds).DefaultIfEmpty(0).Max();
        var memory = Memory(server.ProcessId);
        var run = new FleetRun(name, seconds, total, answered, failed, Percentile(ordered, 0.50), Percentile(ordered, 0.99), ordered.LastOrDefault(),
            silence, cpu, memory.ResidentMb, memory.PeakMb) { LastSentAt = lastSentAt };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-16} sent {total:N0} answered {answered:N0} failed {failed:N0}  p50 {run.P50Ms:0.0} ms  p99 {run.P99Ms:0.0} ms  max {run.MaxMs:0.0} ms  silence {silence:0} ms  CPU {cpu:P0} of a core  RSS {memory.ResidentMb:0} MB"));
        return run;
    }

    /// <summary>
    /// Every agent falls silent at once: how long until 99 % of the points, and all, have gone offline, counted by
    /// the Gateway's own metric of health transitions (a read of a point would wake it and prove nothing).
    /// </summary>
    private static async Task<string> OfflineAfterSilence(ServerProcess gateway, long silentSince)
    {
        using var http = await gateway.Client("admin");
        var before = OfflineTransitions(await http.GetStringAsync("/metrics"));
        // Counted from the last request's send: its points were the last heard (the others up to a second before).
        TimeSpan Silent() => Stopwatch.GetElapsedTime(silentSince);
        TimeSpan? ninetyNine = null, all = null;
        long last = 0;
        var slowestRead = TimeSpan.Zero;
        var trail = new List<string>();
        while (Silent() < OfflineAfter + TimeSpan.FromSeconds(60) && all is null)
        {
            await Task.Delay(200);
            var asked = Silent();
            last = OfflineTransitions(await http.GetStringAsync("/metrics")) - before;
            var read = Silent() - asked;
            slowestRead = read > slowestRead ? read : slowestRead;
            if (last > 0)
            {
                trail.Add(string.Create(CultureInfo.InvariantCulture, $"{asked.TotalSeconds:0.0}+{read.TotalMilliseconds:0}ms:{last}"));
            }
            if (ninetyNine is null && last >= Points * 99 / 100)
            {
                ninetyNine = Silent();
            }

            if (last >= Points)
            {
                all = Silent();
            }
        }

        string Seconds(TimeSpan? t) => t is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.0} s") : "not within the wait";
        return string.Create(CultureInfo.InvariantCulture,
            $"Silence from every agent at once (OfflineAfter {OfflineAfter.TotalSeconds:0} s): 99 % of the points offline after {Seconds(ninetyNine)}, all after {Seconds(all)} ({last:N0} of {Points:N0}; goal: 99 % within OfflineAfter + 2 s = {(OfflineAfter + TimeSpan.FromSeconds(2)).TotalSeconds:0} s; the metrics are read every 0.2 s and Prometheus' answer is cached up to 0.3 s; the slowest read took {slowestRead.TotalMilliseconds:0} ms)" +
            $"{Environment.NewLine}Offline so far, by the time each read was asked (+ how long it took): {string.Join(", ", trail)}");
    }

    private static long OfflineTransitions(string metrics) => metrics.Split('\n')
        .Where(line => line.StartsWith("sessionops_health_transitions_total{", StringComparison.Ordinal) && line.Contains("to=\"Offline\"", StringComparison.Ordinal))
        .Sum(line => (long)double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));

    private static string Batch(int first, long seq)
    {
        var text = new StringBuilder(PerRequest * 190);
        text.Append('[');
        var sentAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        for (var i = 0; i < PerRequest; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(CultureInfo.InvariantCulture,
                $"{{\"connectionPointId\":\"cp-{first + i}\",\"seq\":{seq},\"sentAt\":\"{sentAt}\",\"latencyMs\":40,\"jitterMs\":3,\"packetLossPct\":0,\"bitrateKbps\":2000,\"audio\":true,\"video\":true}}");
        }

        return text.Append(']').ToString();
    }

    private static double Percentile(double[] ordered, double q) => ordered.Length == 0 ? double.NaN : ordered[Math.Min(ordered.Length - 1, (int)(q * ordered.Length))];

    /// <summary>User and system time of the process so far, from <c>/proc/[pid]/stat</c> (clock ticks of 1/100 s).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of the line (utime, stime) are the 12th and 13th after the command's closing parenthesis.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static (double ResidentMb, double PeakMb) Memory(int pid)
    {
        double Kb(string key) => double.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(key, StringComparison.Ordinal))
            .Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return (Kb("VmRSS") / 1024, Kb("VmHWM") / 1024);
    }

    /// <summary>The load runs on core 1, the servers on core 0.</summary>
    internal static void PinSelfTo(int core)
    {
        using var taskset = Process.Start("taskset", ["-a", "-p", "-c", core.ToString(CultureInfo.InvariantCulture), Environment.ProcessId.ToString(CultureInfo.InvariantCulture)]);
        taskset.WaitForExit();
    }
}
