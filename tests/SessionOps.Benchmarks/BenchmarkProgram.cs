using System.Diagnostics;

namespace SessionOps.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/SessionOps.Benchmarks [-- --quick] [--no-write] [--note "text"]</c>: starts the
/// embedded Gateway and the baselines on 127.0.0.1, drives them from this process, prints the summary and writes
/// <c>docs/benchmarks.md</c>. <c>-- --outside</c> measures the heartbeat routes from outside instead (<see cref="OutsideLoad"/>).
/// </summary>
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["bare-server", var port])
        {
            // The baseline in a process of its own, for the outside load; it serves until it is killed.
            await using var bare = await BareServer.Start(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture));
            await Task.Delay(Timeout.Infinite);
            return 0;
        }

        if (args.Contains("--outside") && args.Contains("--watched"))
        {
            return await WatchedIngest.Run(args);
        }

        if (args.Contains("--outside") && args.Contains("--fleet"))
        {
            return await FleetLoad.Run(args);
        }

        if (args.Contains("--outside"))
        {
            return await OutsideLoad.Run(args);
        }

        var settings = args.Contains("--quick") ? Settings.QuickRun : Settings.Full;
        var write = !args.Contains("--no-write");
        var noteAt = Array.IndexOf(args, "--note");
        var note = noteAt >= 0 && noteAt + 1 < args.Length ? args[noteAt + 1] : null;
        var command = "dotnet run -c Release --project tests/SessionOps.Benchmarks" + (args.Length > 0 ? " -- " + string.Join(" ", args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a)) : "");

        var onlyAt = Array.IndexOf(args, "--only");
        var only = onlyAt >= 0 && onlyAt + 1 < args.Length ? args[onlyAt + 1] : null;
        if (only is not null)
        {
            // A part on its own, printed but not written: for development.
            return await Only(only, settings);
        }

        var started = DateTimeOffset.Now;
        var clock = Stopwatch.GetTimestamp();
        var loadBefore = Report.LoadAverage();
        Sections.Say($"{(settings.Quick ? "quick" : "full")} run; load average {loadBefore}; {Environment.ProcessorCount} cores");
        var directory = Path.Combine(Path.GetTempPath(), "sessionops-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            await using var bare = await BareServer.Start();
            List<PushResult> push;
            List<StepResult> bareSingle, gatewaySingle, bareBatch, gatewayBatch;
            StepResult sustainedBatch, sustainedSingle;
            double setUp;
            await using (var host = BenchHost.Start(Path.Combine(directory, "gateway.db")))
            {
                Sections.Say($"Gateway on {host.BaseAddress}, bare baseline on {bare.BaseAddress}");
                push = await Sections.Push(host, bare, settings);

                // Order matters: a point that falls silent for Health:OfflineAfter (10 s) goes offline, a durable write
                // each; a storm of those inside a measured step would measure the storm. Points never heard do not
                // go offline, so each gateway series wakes its points right before it, and the series follow one another.
                var ids = World.PointIds("cp", settings.IngestPoints);
                var defined = await World.DefinePoints(host.Grains, ids);
                using var gateway = HeartbeatLoad.Client(host.BaseAddress, host.Token("agent"));
                using var bareClient = HeartbeatLoad.Client(bare.BaseAddress, null);
                var bareSeqs = new long[ids.Length];
                var seqs = new long[ids.Length];
                bareSingle = await Sections.Rising(new HeartbeatLoad("bare", bareClient, ids[..settings.SinglePoints], 1, bareSeqs), settings.SingleHz, 128, settings);
                bareBatch = await Sections.Rising(new HeartbeatLoad("bare", bareClient, ids[..settings.BatchPoints], settings.BatchSize, bareSeqs), settings.BatchHz, 64, settings);

                await World.Prime(gateway, ids, seqs, 0, settings.SinglePoints);
                gatewaySingle = await Sections.Rising(new HeartbeatLoad("gateway", gateway, ids[..settings.SinglePoints], 1, seqs), settings.SingleHz, 128, settings);
                var primeBatchStarted = Stopwatch.GetTimestamp();
                await World.Prime(gateway, ids, seqs, 0, ids.Length);
                setUp = defined + (Measure.Ms(primeBatchStarted, Stopwatch.GetTimestamp()) / 1000);
                Sections.Say($"ingest   set-up: {ids.Length:N0} points defined in {defined:0.0} s, woken with a heartbeat each in {setUp - defined:0.0} s");
                gatewayBatch = await Sections.Rising(new HeartbeatLoad("gateway", gateway, ids[..settings.BatchPoints], settings.BatchSize, seqs), settings.BatchHz, 64, settings);

                sustainedBatch = await new HeartbeatLoad("gateway", gateway, ids[..settings.SustainedPoints], settings.BatchSize, seqs)
                    .Run(1, 64, settings.Warmup, settings.Sustained);
                Sections.Say("sustain  " + Sections.Line(sustainedBatch));
                sustainedSingle = await new HeartbeatLoad("gateway", gateway, ids[..settings.SustainedPoints], 1, seqs)
                    .Run(1, 256, settings.Warmup, settings.Sustained);
                Sections.Say("sustain  " + Sections.Line(sustainedSingle));
            }

            var scale = await Sections.Scale(settings, directory);
            var demo = await Sections.Demo(directory);

            var results = new Results(settings, command, started, Measure.Ms(clock, Stopwatch.GetTimestamp()) / 1000, loadBefore, Report.LoadAverage(), note,
                setUp, bareSingle, gatewaySingle, bareBatch, gatewayBatch, sustainedBatch, sustainedSingle, push, scale, demo);
            Console.WriteLine(Report.Console(results));
            if (write)
            {
                var path = Path.Combine(RepositoryRoot(), "docs", "benchmarks.md");
                await File.WriteAllTextAsync(path, Report.Markdown(results, KeptSection(path)));
                Sections.Say($"wrote {path}");
            }

            Sections.Say($"done in {results.TotalSeconds / 60:0.0} min");
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<int> Only(string section, Settings settings)
    {
        var directory = Path.Combine(Path.GetTempPath(), "sessionops-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        switch (section)
        {
            case "push":
                await using (var bare = await BareServer.Start())
                await using (var host = BenchHost.Start(Path.Combine(directory, "gateway.db")))
                {
                    await Sections.Push(host, bare, settings);
                }

                break;
            case "scale":
                await Sections.Scale(settings, directory);
                break;
            case "demo":
                await Sections.Demo(directory);
                break;
            default:
                Console.Error.WriteLine("--only push|scale|demo");
                return 2;
        }

        Directory.Delete(directory, recursive: true);
        return 0;
    }

    /// <summary>"What was changed" is written by people, with before/after figures: it is kept across runs.</summary>
    private static string? KeptSection(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var text = File.ReadAllText(path);
        var at = text.IndexOf("## What was changed", StringComparison.Ordinal);
        return at < 0 ? null : text[at..].TrimEnd();
    }

    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SessionOps.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("SessionOps.sln not found above the working directory.");
    }
}
