using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;

namespace SessionOps.Benchmarks;

/// <summary>
/// <c>-- --outside</c>: the heartbeat routes measured as a fleet of agents loads them. The server runs as its own
/// process pinned to core 0 (<c>taskset</c>), Debian's <c>wrk</c> loads it from core 1, and a bare ASP.NET Core minimal
/// API with the same JSON, pinned the same way, is the baseline of the same run. The Gateway is the embedded default
/// in Development with rate limits off; 1,000 points, one heartbeat per request on the single route (rotating over the
/// points, each request with its point's own agent key as agents send, and again with one token for all) and 100 per
/// request on the batch route (one token: a collector that sends for many points).
/// </summary>
public static partial class OutsideLoad
{
    public sealed record WrkResult(string Name, double RequestsPerSecond, double HeartbeatsPerSecond, double P50Ms, double P99Ms, long Non2xx)
    {
        /// <summary>The slowest and fastest of the repeated runs whose median this is.</summary>
        public (double Low, double High) Spread { get; init; } = (RequestsPerSecond, RequestsPerSecond);
    }

    public static async Task<int> Run(string[] args)
    {
        if (!File.Exists("/usr/bin/wrk") || !File.Exists("/usr/bin/taskset"))
        {
            Console.Error.WriteLine("The outside load needs Debian's wrk and taskset: sudo apt-get install -y wrk util-linux");
            return 2;
        }

        var seconds = args.Contains("--quick") ? 5 : 15;
        var repeats = args.Contains("--quick") ? 1 : 3;
        var warmupAt = Array.IndexOf(args, "--warmup");
        var warmup = warmupAt >= 0 && warmupAt + 1 < args.Length ? int.Parse(args[warmupAt + 1], CultureInfo.InvariantCulture) : 10;
        const int points = 1000;
        const int batch = 100;
        if (args.Contains("--push"))
        {
            return await OutsidePush.Run(args);
        }

        if (args.Contains("--cluster"))
        {
            return await ClusterLoad.Run(seconds, repeats, warmup);
        }

        if (args.Contains("--dashboard"))
        {
            return await DashboardCost(seconds, repeats, warmup, points, batch);
        }

        var directory = Directory.CreateTempSubdirectory("sessionops-outside-").FullName;
        var results = new List<WrkResult>();
        try
        {
            using (var bare = await ServerProcess.Bare())
            {
                await Wrk("bare warm-up", bare.BaseAddress, Script.Single(points, token: null), Math.Min(warmup, 5), 1);
                results.Add(await Repeated(repeats, () => Wrk("bare single", bare.BaseAddress, Script.Single(points, token: null), seconds, 1)));
                results.Add(await Repeated(repeats, () => Wrk("bare batch", bare.BaseAddress, Script.Batch(points, batch, token: null), seconds, batch)));
            }

            using (var gateway = await ServerProcess.Gateway(Path.Combine(directory, "gateway.db")))
            {
                var token = await gateway.DefinePoints(points);
                var agentKeys = await gateway.AgentKeys(points);
                // Every point heard, so that no point's first heartbeat (a change of health, a durable write) nor its first
                // timer tick (the watch reminder's registration) falls in a measured run.
                // Both routes, so that the single route's code is compiled at its final tier too before it is measured.
                await Wrk("warm-up", gateway.BaseAddress, Script.Batch(points, batch, token), warmup, batch);
                await Wrk("warm-up", gateway.BaseAddress, Script.SingleWithAgentKeys(agentKeys), warmup, 1);
                await Wrk("warm-up", gateway.BaseAddress, Script.Single(points, token), Math.Min(warmup, 5), 1);
                results.Add(await Repeated(repeats, () => Wrk("gateway single", gateway.BaseAddress, Script.SingleWithAgentKeys(agentKeys), seconds, 1)));
                results.Add(await Repeated(repeats, () => Wrk("gateway single, one token", gateway.BaseAddress, Script.Single(points, token), seconds, 1)));
                results.Add(await Repeated(repeats, () => Wrk("gateway batch", gateway.BaseAddress, Script.Batch(points, batch, token), seconds, batch)));
                Console.WriteLine($"gateway resident memory after the runs: {gateway.ResidentMegabytes():0} MB");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine(Table(results));
        return 0;
    }

    /// <summary>
    /// <c>--outside --dashboard</c>: what the Orleans Dashboard costs the heartbeat routes. The Gateway without it and
    /// with it, twice each in turn (off, on, off, on) so that a drift of the machine falls on both; the goal is at most 5 %.
    /// </summary>
    private static async Task<int> DashboardCost(int seconds, int repeats, int warmup, int points, int batch)
    {
        var results = new List<WrkResult>();
        foreach (var round in new[] { 1, 2 })
        {
            foreach (var enabled in new[] { false, true })
            {
                var directory = Directory.CreateTempSubdirectory("sessionops-dashboard-").FullName;
                try
                {
                    using var gateway = await ServerProcess.Gateway(Path.Combine(directory, "gateway.db"),
                        new Dictionary<string, string> { ["Dashboard__Enabled"] = enabled ? "true" : "false" });
                    var token = await gateway.DefinePoints(points);
                    var agentKeys = await gateway.AgentKeys(points);
                    await Wrk("warm-up", gateway.BaseAddress, Script.Batch(points, batch, token), warmup, batch);
                    await Wrk("warm-up", gateway.BaseAddress, Script.SingleWithAgentKeys(agentKeys), warmup, 1);
                    var state = enabled ? "on" : "off";
                    results.Add(await Repeated(repeats, () => Wrk($"single, dashboard {state}, round {round}", gateway.BaseAddress, Script.SingleWithAgentKeys(agentKeys), seconds, 1)));
                    results.Add(await Repeated(repeats, () => Wrk($"batch, dashboard {state}, round {round}", gateway.BaseAddress, Script.Batch(points, batch, token), seconds, batch)));
                }
                finally
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine(Table(results));
        foreach (var route in new[] { "single", "batch" })
        {
            double Mean(string state) => results.Where(r => r.Name.StartsWith($"{route}, dashboard {state}", StringComparison.Ordinal)).Average(r => r.RequestsPerSecond);
            var cost = 1 - (Mean("on") / Mean("off"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{route}: with the dashboard {Mean("on"):N0} req/s against {Mean("off"):N0} without: costs {cost:P1} (goal: at most 5 %)"));
        }

        return 0;
    }

    public static string Table(IReadOnlyList<WrkResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| run | requests/s (median) | slowest–fastest run | heartbeats/s | p50 ms | p99 ms | non-2xx |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.RequestsPerSecond:N0} | {r.Spread.Low:N0}–{r.Spread.High:N0} | {r.HeartbeatsPerSecond:N0} | {r.P50Ms:0.0} | {r.P99Ms:0.0} | {r.Non2xx} |");
        }

        foreach (var route in new[] { "single", "batch" })
        {
            if (results.FirstOrDefault(r => r.Name == $"bare {route}") is { } bare && results.FirstOrDefault(r => r.Name == $"gateway {route}") is { } gateway)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"\n{route}: gateway / bare = {gateway.RequestsPerSecond / bare.RequestsPerSecond:0.00}× (p99 {gateway.P99Ms:0.0} ms against {bare.P99Ms:0.0} ms)");
            }
        }

        return text.ToString();
    }

    /// <summary>The run repeated; the median run by requests/s stands for them, with the spread beside it.</summary>
    internal static async Task<WrkResult> Repeated(int times, Func<Task<WrkResult>> run)
    {
        var runs = new List<WrkResult>();
        for (var i = 0; i < times; i++)
        {
            runs.Add(await run());
        }

        var ordered = runs.OrderBy(r => r.RequestsPerSecond).ToArray();
        return ordered[ordered.Length / 2] with { Spread = (ordered[0].RequestsPerSecond, ordered[^1].RequestsPerSecond) };
    }

    internal static async Task<WrkResult> Wrk(string name, Uri server, string script, int seconds, int heartbeatsPerRequest, int threads = 2, int connections = 64)
    {
        var file = Path.GetTempFileName() + ".lua";
        await File.WriteAllTextAsync(file, script);
        var start = new ProcessStartInfo("taskset", ["-c", "1", "wrk", $"-t{threads}", $"-c{connections}", $"-d{seconds}s", "--latency", "-s", file, server.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        File.Delete(file);
        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var result = new WrkResult(name, rps, rps * heartbeatsPerRequest, Percentile(output, "50%"), Percentile(output, "99%"),
            NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-16} {result.RequestsPerSecond,10:N0} req/s  p50 {result.P50Ms,7:0.0} ms  p99 {result.P99Ms,7:0.0} ms  non-2xx {result.Non2xx}"));
        return result;
    }

    private static double Percentile(string output, string which)
    {
        var match = Regex.Match(output, $@"^\s*{Regex.Escape(which)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            return double.NaN;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    /// <summary>wrk's Lua: each of its threads takes every other point and counts each point's seq on its own.</summary>
    internal static class Script
    {
        private static string Head(int points, string? token, string path) => $$"""
            local points = {{points}}
            local counter = 0
            local threads = 0
            function setup(thread) thread:set("id", threads); threads = threads + 1 end
            -- Each run's seq starts past every earlier run's: 100,000 a second since 2023, under 2^53 and printed whole by
            -- Lua. A run that began again from the same seq would have its heartbeats ignored as old ones, and the points
            -- would fall silent and come back while it runs.
            local base = 0
            function init(args) counter = 0; base = (os.time() - 1700000000) * 100000 end
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            {{(token is null ? "" : $"wrk.headers[\"Authorization\"] = \"Bearer {token}\"")}}
            local function beat(i, seq, withId)
              local prefix = ""
              if withId then prefix = '"connectionPointId":"cp-' .. i .. '",' end
              return '{' .. prefix .. '"seq":' .. seq .. ',"sentAt":"2026-12-01T08:00:00+07:00","latencyMs":40,"jitterMs":3,"packetLossPct":0.1,"bitrateKbps":2000,"audio":true,"video":true}'
            end
            """;

        public static string Single(int points, string? token) => Head(points, token, "") + """

            request = function()
              counter = counter + 1
              local i = ((counter * 2) + id) % points
              local seq = base + counter
              return wrk.format(nil, "/api/connection-points/cp-" .. i .. "/heartbeats", nil, beat(i, seq, false))
            end
            """;

        /// <summary>As agents send: each point's request carries that point's own agent key.</summary>
        public static string SingleWithAgentKeys(IReadOnlyList<string> keys) => Head(keys.Count, token: null, "") + $$"""

            local keys = { {{string.Join(", ", keys.Select(k => "'" + k + "'"))}} }
            request = function()
              counter = counter + 1
              local i = ((counter * 2) + id) % points
              local seq = base + counter
              local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. keys[i + 1] }
              return wrk.format(nil, "/api/connection-points/cp-" .. i .. "/heartbeats", headers, beat(i, seq, false))
            end
            """;

        public static string Batch(int points, int size, string? token) => Head(points, token, "") + $$"""

            request = function()
              counter = counter + 1
              local items = {}
              for k = 0, {{size}} - 1 do
                local i = ((counter * {{size}} + k) * 2 + id) % points
                items[#items + 1] = beat(i, base + counter, true)
              end
              return wrk.format(nil, "/api/heartbeats", nil, "[" .. table.concat(items, ",") .. "]")
            end
            """;
    }
}

/// <summary>A server of the benchmark in a process of its own, pinned to core 0.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static Task<ServerProcess> Bare()
    {
        var port = BenchHost.FreePort();
        var self = typeof(ServerProcess).Assembly.Location;
        return Start(["dotnet", self, "bare-server", port.ToString(CultureInfo.InvariantCulture)], port, new Dictionary<string, string>());
    }

    public static Task<ServerProcess> Gateway(string sqlitePath, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = BenchHost.FreePort();
        var gateway = Path.Combine(AppContext.BaseDirectory, "SessionOps.Gateway.dll");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Storage__SqlitePath"] = sqlitePath,
            ["DemoData"] = "false",
            ["RateLimits__Enabled"] = "false",
            ["Orleans__SiloPort"] = BenchHost.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = BenchHost.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return Start(["dotnet", gateway, "--urls", $"http://127.0.0.1:{port}"], port, environment);
    }

    /// <summary><c>SESSIONOPS_BENCH_SERVER_LOG=file</c> keeps what the servers print, for a run that fails; one writer for all of them.</summary>
    private static readonly Lazy<TextWriter?> ServerLog = new(() =>
        Environment.GetEnvironmentVariable("SESSIONOPS_BENCH_SERVER_LOG") is { Length: > 0 } path
            ? TextWriter.Synchronized(new StreamWriter(path, append: true) { AutoFlush = true })
            : null);

    internal static async Task<ServerProcess> Start(string[] command, int port, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("taskset", ["-c", "0", .. command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var log = ServerLog.Value;
        process.OutputDataReceived += (_, e) => log?.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => log?.WriteLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var deadline = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < deadline && !process.HasExited; await Task.Delay(250))
        {
            try
            {
                await http.GetAsync(new Uri(server.BaseAddress, "/healthz"));
                return server;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
        }

        server.Dispose();
        throw new InvalidOperationException($"{string.Join(' ', command)} did not start.");
    }

    /// <summary>Defines cp-0 … cp-(n-1) through the API and answers a development token that may send heartbeats.</summary>
    public async Task<string> DefinePoints(int count)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var admin = (await (await http.PostAsJsonAsync("/api/dev/token", new { name = "Benchmark", role = "admin" })).Content.ReadFromJsonAsync<TokenBody>())!.Token;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(50))
        {
            await Task.WhenAll(chunk.Select(async i =>
                (await http.PutAsJsonAsync($"/api/connection-points/cp-{i}", new { name = $"Điểm cầu {i}", province = "Huế", kind = "provincialDelegation" }))
                .EnsureSuccessStatusCode()));
        }

        return (await (await http.PostAsJsonAsync("/api/dev/token", new { name = "Benchmark agent", role = "agent" })).Content.ReadFromJsonAsync<TokenBody>())!.Token;
    }

    /// <summary>A development token of the Gateway for <paramref name="role"/>.</summary>
    public async Task<string> Token(string role)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var body = await (await http.PostAsJsonAsync("/api/dev/token", new { name = $"Benchmark {role}", role })).Content.ReadFromJsonAsync<TokenBody>();
        return body!.Token;
    }

    /// <summary>A client of the Gateway that sends a development token for <paramref name="role"/>.</summary>
    public async Task<HttpClient> Client(string role)
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Token(role));
        return http;
    }

    /// <summary>An agent key for each of cp-0 … cp-(n-1), as each point's agent holds its own.</summary>
    public async Task<string[]> AgentKeys(int count)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var admin = (await (await http.PostAsJsonAsync("/api/dev/token", new { name = "Benchmark", role = "admin" })).Content.ReadFromJsonAsync<TokenBody>())!.Token;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        var keys = new string[count];
        foreach (var chunk in Enumerable.Range(0, count).Chunk(50))
        {
            await Task.WhenAll(chunk.Select(async i =>
            {
                var response = await http.PostAsync($"/api/connection-points/cp-{i}/agent-keys", content: null);
                response.EnsureSuccessStatusCode();
                keys[i] = (await response.Content.ReadFromJsonAsync<KeyBody>())!.Key;
            }));
        }

        return keys;
    }

    private sealed record KeyBody(string KeyId, string Key);

    public bool HasExited => _process.HasExited;

    /// <summary>The server's process id (taskset runs the server in its own process).</summary>
    public int ProcessId => _process.Id;

    public double ResidentMegabytes()
    {
        _process.Refresh();
        return _process.WorkingSet64 / 1024.0 / 1024.0;
    }

    private sealed record TokenBody(string Token);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
