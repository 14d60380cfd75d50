using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using StackExchange.Redis;

namespace SessionOps.Benchmarks;

/// <summary>
/// <c>-- --outside --cluster</c>: the cluster as the README runs it on one machine — a password-protected Redis with its
/// append-only file synced on every write, three silos and two Gateways, every Orleans connection over mutual TLS —
/// against the embedded Gateway and the bare API of the same run. Every server process is pinned to core 0, the load
/// (wrk, and this process with its SignalR clients) to core 1: the cluster's figures are what its processes do with
/// one core between them. Besides requests/s and latency: Redis' own CPU and its fsyncs per second (counted by strace,
/// which traces only those calls), and whether every silo is still a member after the load (a silo voted dead under
/// load ends its own process).
/// </summary>
public static class ClusterLoad
{
    private const int Points = 1000;
    private const int Batch = 100;
    private const int PushClientCount = 100;
    private const int PushChanges = 40;

    private sealed record RedisFigures(string Run, double CpuPercent, double FsyncsPerSecond, double CommandsPerSecond);

    public static async Task<int> Run(int seconds, int repeats, int warmup)
    {
        using (var pin = Process.Start("taskset", ["-a", "-p", "-c", "1", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)]))
        {
            await pin.WaitForExitAsync();
        }

        var directory = Directory.CreateTempSubdirectory("sessionops-cluster-bench-").FullName;
        var results = new List<OutsideLoad.WrkResult>();
        var pushes = new List<PushResult>();
        var redisFigures = new List<RedisFigures>();
        try
        {
            using (var bare = await ServerProcess.Bare())
            {
                await OutsideLoad.Wrk("bare warm-up", bare.BaseAddress, OutsideLoad.Script.Single(Points, token: null), Math.Min(warmup, 5), 1);
                results.Add(await OutsideLoad.Repeated(repeats, () => OutsideLoad.Wrk("bare single", bare.BaseAddress, OutsideLoad.Script.Single(Points, token: null), seconds, 1)));
                results.Add(await OutsideLoad.Repeated(repeats, () => OutsideLoad.Wrk("bare batch", bare.BaseAddress, OutsideLoad.Script.Batch(Points, Batch, token: null), seconds, Batch)));
            }

            using (var embedded = await ServerProcess.Gateway(Path.Combine(directory, "embedded.db")))
            {
                var (token, keys) = (await embedded.DefinePoints(Points), await embedded.AgentKeys(Points));
                await WarmUp([embedded], token, keys, warmup);
                results.Add(await OutsideLoad.Repeated(repeats, () => Ingest("embedded single", [embedded], OutsideLoad.Script.SingleWithAgentKeys(keys), seconds, 1)));
                results.Add(await OutsideLoad.Repeated(repeats, () => Ingest("embedded batch", [embedded], OutsideLoad.Script.Batch(Points, Batch, token), seconds, Batch)));
                pushes.Add(await Push("embedded", [embedded], PushClientCount));
            }

            var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            using var redis = await RedisProcess.Start(Path.Combine(directory, "redis"), password);
            var certificates = await MakeCertificates(Path.Combine(directory, "certificates"));
            var cluster = new Dictionary<string, string>(certificates)
            {
                ["ConnectionStrings__Redis"] = $"127.0.0.1:{redis.Port},password={password}",
                ["Orleans__ClusterId"] = "bench",
                ["Orleans__ServiceId"] = "bench",
            };
            var silos = new List<ServerProcess>();
            try
            {
                for (var i = 0; i < 3; i++)
                {
                    silos.Add(await Silo(cluster));
                }

                var gatewaySettings = new Dictionary<string, string>(cluster) { ["SessionOps__Mode"] = "cluster" };
                using var first = await ServerProcess.Gateway(Path.Combine(directory, "unused-1.db"), gatewaySettings);
                using var second = await ServerProcess.Gateway(Path.Combine(directory, "unused-2.db"), gatewaySettings);
                ServerProcess[] gateways = [first, second];
                var (token, keys) = (await first.DefinePoints(Points), await first.AgentKeys(Points));
                await WarmUp(gateways, token, keys, warmup);

                results.Add(await OutsideLoad.Repeated(repeats, () => Measured(redis, redisFigures,
                    () => Ingest("cluster single", gateways, OutsideLoad.Script.SingleWithAgentKeys(keys), seconds, 1))));
                results.Add(await OutsideLoad.Repeated(repeats, () => Measured(redis, redisFigures,
                    () => Ingest("cluster batch", gateways, OutsideLoad.Script.Batch(Points, Batch, token), seconds, Batch))));
                pushes.Add(await Push("cluster", gateways, PushClientCount));

                // What grows: five times the points on the batch route (each point heard once first), five times the screens.
                var morePoints = Points * 5;
                await first.DefinePoints(morePoints);
                await Ingest("warm-up", gateways, OutsideLoad.Script.Batch(morePoints, Batch, token), warmup, Batch);
                results.Add(await OutsideLoad.Repeated(repeats, () => Measured(redis, redisFigures,
                    () => Ingest($"cluster batch, {morePoints:N0} points", gateways, OutsideLoad.Script.Batch(morePoints, Batch, token), seconds, Batch))));
                pushes.Add(await Push("cluster", gateways, PushClientCount * 5));
                var alive = silos.Count(s => !s.HasExited);
                Console.WriteLine($"silos still members after the load: {alive} of {silos.Count} (a silo declared dead ends its own process)");
                Console.WriteLine($"resident memory: silos {string.Join(", ", silos.Select(s => $"{s.ResidentMegabytes():0} MB"))}; " +
                    $"gateways {first.ResidentMegabytes():0} MB, {second.ResidentMegabytes():0} MB");
            }
            finally
            {
                foreach (var silo in silos)
                {
                    silo.Dispose();
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine(OutsideLoad.Table(results));
        foreach (var route in new[] { "single", "batch" })
        {
            var bare = results.Single(r => r.Name == $"bare {route}");
            foreach (var mode in new[] { "embedded", "cluster" })
            {
                var run = results.Single(r => r.Name == $"{mode} {route}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{route}: {mode} / bare = {run.RequestsPerSecond / bare.RequestsPerSecond:0.00}× (p99 {run.P99Ms:0.0} ms against {bare.P99Ms:0.0} ms)"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| push, 40 changes | screens | p50 ms | p99 ms | max ms | missed |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var push in pushes)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {push.Target} | {push.Clients} | {push.P50Ms:0.0} | {push.P99Ms:0.0} | {push.MaxMs:0.0} | {push.Missed} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| Redis during | CPU (% of one core) | fsyncs/s | commands/s |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var figures in redisFigures)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {figures.Run} | {figures.CpuPercent:0.0} | {(double.IsNaN(figures.FsyncsPerSecond) ? "n/a (no strace)" : figures.FsyncsPerSecond.ToString("N0", CultureInfo.InvariantCulture))} | {figures.CommandsPerSecond:N0} |"));
        }

        return 0;
    }

    /// <summary>Every point heard on both routes through every Gateway, so that no first heartbeat falls in a measured run.</summary>
    private static async Task WarmUp(ServerProcess[] gateways, string token, string[] keys, int seconds)
    {
        await Ingest("warm-up", gateways, OutsideLoad.Script.Batch(Points, Batch, token), seconds, Batch);
        await Ingest("warm-up", gateways, OutsideLoad.Script.SingleWithAgentKeys(keys), seconds, 1);
    }

    /// <summary>wrk against each Gateway at once, the 64 connections shared among them; the runs' figures added up.</summary>
    private static async Task<OutsideLoad.WrkResult> Ingest(string name, ServerProcess[] gateways, string script, int seconds, int perRequest)
    {
        if (gateways.Length == 1)
        {
            return await OutsideLoad.Wrk(name, gateways[0].BaseAddress, script, seconds, perRequest);
        }

        var runs = await Task.WhenAll(gateways.Select((g, i) =>
            OutsideLoad.Wrk($"{name} ({i + 1})", g.BaseAddress, script, seconds, perRequest, threads: 1, connections: 64 / gateways.Length)));
        return new OutsideLoad.WrkResult(name, runs.Sum(r => r.RequestsPerSecond), runs.Sum(r => r.HeartbeatsPerSecond),
            runs.Max(r => r.P50Ms), runs.Max(r => r.P99Ms), runs.Sum(r => r.Non2xx));
    }

    private static async Task<OutsideLoad.WrkResult> Measured(RedisProcess redis, List<RedisFigures> figures, Func<Task<OutsideLoad.WrkResult>> run)
    {
        var before = await redis.Sample();
        var result = await run();
        var after = await redis.Sample();
        var elapsed = (after.At - before.At).TotalSeconds;
        figures.Add(new RedisFigures(result.Name, 100 * (after.CpuSeconds - before.CpuSeconds) / elapsed,
            redis.FsyncsBetween(before.At, after.At) / elapsed, (after.Commands - before.Commands) / elapsed));
        return result;
    }

    /// <summary>
    /// The push of a change of health from the agent's heartbeat to 100 screens, the screens spread over the Gateways and
    /// the heartbeats sent to the first: in the cluster the change crosses from the silo that holds the point to both.
    /// </summary>
    private static async Task<PushResult> Push(string target, ServerProcess[] gateways, int screens)
    {
        const string session = "bench-push";
        string[] points = ["push-0", "push-1", "push-2", "push-3"];
        using var admin = await gateways[0].Client("admin");
        (await admin.PutAsJsonAsync("/api/venues/bench-hall", new { name = "Hội trường Diên Hồng", kind = "hall", address = "Số 1 Độc Lập" })).EnsureSuccessStatusCode();
        foreach (var point in points)
        {
            (await admin.PutAsJsonAsync($"/api/connection-points/{point}", new { name = $"Điểm cầu {point}", province = "Huế", kind = "provincialDelegation" })).EnsureSuccessStatusCode();
        }

        var start = DateTimeOffset.UtcNow.Date.AddDays(1).AddHours(1);
        (await admin.PutAsJsonAsync($"/api/sessions/{session}", new
        {
            title = "Phiên họp đo đẩy", kind = "plenary", format = "hybrid", hallVenueId = "bench-hall",
            scheduledStart = new DateTimeOffset(start, TimeSpan.Zero), scheduledEnd = new DateTimeOffset(start.AddHours(3), TimeSpan.Zero),
            connectionPointIds = points, delegateIds = Array.Empty<string>(),
        })).EnsureSuccessStatusCode();

        using var agent = await gateways[0].Client("agent");
        var operatorToken = await gateways[0].Token("operator");
        var seqs = new long[points.Length];
        await using var clients = await PushClients.Connect(gateways.Select(g => new Uri(g.BaseAddress, "/hubs/ops")).ToArray(), operatorToken,
            screens, c => c.InvokeAsync<JsonElement>("Subscribe", session));
        var worse = new bool[points.Length];
        var result = await clients.Run(target, PushChanges,
            async k =>
            {
                // As the in-process section does: from the point's actual health, all but the deciding heartbeat now.
                var p = k % points.Length;
                var health = await Health(admin, points[p]);
                if (health is not ("online" or "degraded"))
                {
                    for (var i = 0; i < 6; i++)
                    {
                        await Sections.Send(agent, points[p], ++seqs[p], good: true);
                    }
                }

                worse[p] = await Health(admin, points[p]) == "online";
                for (var i = 0; i < (worse[p] ? 2 : 4); i++)
                {
                    await Sections.Send(agent, points[p], ++seqs[p], good: !worse[p]);
                }

                return (points[p], worse[p] ? "degraded" : "online");
            },
            async (k, stamp) =>
            {
                var p = k % points.Length;
                using var request = Sections.Request(points[p], ++seqs[p], good: !worse[p]);
                stamp();
                using var response = await agent.SendAsync(request);
                response.EnsureSuccessStatusCode();
            });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"push     {target,-9} {screens} clients  p50 {result.P50Ms:0.0} ms  p99 {result.P99Ms:0.0} ms  max {result.MaxMs:0.0} ms  missed {result.Missed}"));
        return result;
    }

    private static async Task<string?> Health(HttpClient admin, string point) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/connection-points/{point}")).GetProperty("health").GetString();

    private static Task<ServerProcess> Silo(IReadOnlyDictionary<string, string> cluster)
    {
        var port = BenchHost.FreePort();
        var silo = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Silo", "bin", "Release", "net10.0", "SessionOps.Silo.dll");
        if (!File.Exists(silo))
        {
            throw new FileNotFoundException("Run the benchmark in Release (dotnet run -c Release): the silos run from src/Silo's Release build.", silo);
        }

        var environment = new Dictionary<string, string>(cluster)
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Orleans__SiloPort"] = BenchHost.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = BenchHost.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        return ServerProcess.Start(["dotnet", Path.GetFullPath(silo), "--urls", $"http://127.0.0.1:{port}"], port, environment);
    }

    /// <summary>The certificates as a user makes them: scripts/make-cluster-certificates.sh.</summary>
    private static async Task<Dictionary<string, string>> MakeCertificates(string directory)
    {
        var script = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "scripts", "make-cluster-certificates.sh"));
        using var make = Process.Start(new ProcessStartInfo("bash", [script, directory]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = make.StandardError.ReadToEndAsync();
        await make.StandardOutput.ReadToEndAsync();
        await make.WaitForExitAsync();
        if (make.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed: {await error}");
        }

        return new Dictionary<string, string>
        {
            ["Orleans__Tls__Certificate"] = Path.Combine(directory, "tls.crt"),
            ["Orleans__Tls__Key"] = Path.Combine(directory, "tls.key"),
            ["Orleans__Tls__Authority"] = Path.Combine(directory, "ca.crt"),
        };
    }

    /// <summary>
    /// redis-server pinned to core 0, started under strace tracing only fsync and fdatasync (a filter in the kernel: the
    /// other calls run untraced), so that its syncs can be counted; without strace, unstraced and uncounted.
    /// </summary>
    private sealed class RedisProcess : IDisposable
    {
        private readonly Process _process;
        private readonly string? _trace;
        private readonly ConnectionMultiplexer _connection;

        private RedisProcess(Process process, string? trace, ConnectionMultiplexer connection, int port)
        {
            _process = process;
            _trace = trace;
            _connection = connection;
            Port = port;
        }

        public int Port { get; }

        public static async Task<RedisProcess> Start(string directory, string password)
        {
            Directory.CreateDirectory(directory);
            var port = BenchHost.FreePort();
            string[] redis =
            [
                "/usr/bin/redis-server", "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory,
                "--requirepass", password, "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--maxmemory-policy", "noeviction",
            ];
            var trace = File.Exists("/usr/bin/strace") ? Path.Combine(directory, "fsyncs.trace") : null;
            string[] command = trace is null
                ? ["-c", "0", .. redis]
                : ["-c", "0", "/usr/bin/strace", "-f", "--seccomp-bpf", "-qq", "-ttt", "-e", "trace=fsync,fdatasync", "-o", trace, .. redis];
            var process = Process.Start(new ProcessStartInfo("taskset", command) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},password={password},allowAdmin=true");
                    return new RedisProcess(process, trace, connection, port);
                }
                catch (RedisConnectionException) when (attempt < 40)
                {
                    await Task.Delay(250);
                }
            }
        }

        public async Task<(DateTimeOffset At, double CpuSeconds, double Commands)> Sample()
        {
            var server = _connection.GetServer(_connection.GetEndPoints()[0]);
            var info = (await server.InfoAsync()).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
            double Number(string key) => double.Parse(info[key], CultureInfo.InvariantCulture);
            return (DateTimeOffset.UtcNow, Number("used_cpu_sys") + Number("used_cpu_user"), Number("total_commands_processed"));
        }

        /// <summary>The syncs strace saw between the two moments (its lines start with the call's Unix time).</summary>
        public double FsyncsBetween(DateTimeOffset from, DateTimeOffset to)
        {
            if (_trace is null)
            {
                return double.NaN;
            }

            var (start, end) = (from.ToUnixTimeMilliseconds() / 1000.0, to.ToUnixTimeMilliseconds() / 1000.0);
            using var reader = new StreamReader(new FileStream(_trace, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            var count = 0;
            while (reader.ReadLine() is { } line)
            {
                var fields = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
                // "PID 1764652800.123456 fdatasync(7) = 0", or without the PID when there is one thread.
                var time = fields.Select(f => double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && t > 1e9 ? t : 0).FirstOrDefault(t => t > 0);
                if (time >= start && time <= end && line.Contains("sync(", StringComparison.Ordinal))
                {
                    count++;
                }
            }

            return count;
        }

        public void Dispose()
        {
            _connection.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
