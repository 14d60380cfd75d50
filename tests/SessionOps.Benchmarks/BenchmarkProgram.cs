using System.Diagnostics;

namespace SessionOps.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/SessionOps.Benchmarks [-- --quick] [--no-write] [--note "text"]</c>: starts the
/// embedded Gateway and the baselines on 127.0.0.1, drives them from this process, prints the summary and writes
/// <c>docs/benchmarks.md</c>.
/// </summary>
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        var settings = args.Contains("--quick") ? Settings.QuickRun : Settings.Full;
        var write = !args.Contains("--no-write");
        var noteAt = Array.IndexOf(args, "--note");
        var note = noteAt >= 0 && noteAt + 1 < args.Length ? args[noteAt + 1] : null;
        var command = "dotnet run -c Release --project tests/SessionOps.Benchmarks" + (args.Length > 0 ? " -- " + string.Join(" ", args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a)) : "");

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

                var ids = World.PointIds("cp", settings.IngestPoints);
                var setUpStarted = Stopwatch.GetTimestamp();
                var defined = await World.DefinePoints(host.Grains, ids);
                using var gateway = HeartbeatLoad.Client(host.BaseAddress, host.Token("agent"));
                await World.Prime(gateway, ids, seq: 0);
                setUp = Measure.Ms(setUpStarted, Stopwatch.GetTimestamp()) / 1000;
                Sections.Say($"ingest   set-up: {ids.Length:N0} points defined in {defined:0.0} s, woken with a heartbeat each in {setUp - defined:0.0} s");

                using var bareClient = HeartbeatLoad.Client(bare.BaseAddress, null);
                var bareSeqs = new long[ids.Length];
                var seqs = new long[ids.Length];
                bareSingle = await Sections.Rising(new HeartbeatLoad("bare", bareClient, ids[..settings.SinglePoints], 1, bareSeqs), settings.SingleHz, 128, settings);
                bareBatch = await Sections.Rising(new HeartbeatLoad("bare", bareClient, ids[..settings.BatchPoints], settings.BatchSize, bareSeqs), settings.BatchHz, 64, settings);
                gatewaySingle = await Sections.Rising(new HeartbeatLoad("gateway", gateway, ids[..settings.SinglePoints], 1, seqs), settings.SingleHz, 128, settings);
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

    private static string RepositoryRoot()
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
