using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;

namespace SessionOps.Benchmarks;

public sealed record Results(
    Settings Settings,
    string Command,
    DateTimeOffset Started,
    double TotalSeconds,
    string LoadBefore,
    string LoadAfter,
    string? Note,
    double IngestSetUpSeconds,
    List<StepResult> BareSingle,
    List<StepResult> GatewaySingle,
    List<StepResult> BareBatch,
    List<StepResult> GatewayBatch,
    StepResult SustainedBatch,
    StepResult SustainedSingle,
    List<PushResult> Push,
    List<ScaleResult> Scale,
    DemoResult Demo);

/// <summary>The summary table (stdout and <c>docs/benchmarks.md</c>) and the detail tables (the document).</summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private sealed record Row(string Measure, string Value, string Baseline, string Ratio, string Target, string Met);

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static List<Row> Summary(Results r)
    {
        var rows = new List<Row>();
        var s = r.Settings;

        var gw = Best(r.GatewaySingle);
        var bare = Best(r.BareSingle);
        var ratio = gw.AcceptedPerSec / bare.AcceptedPerSec;
        // A ratio is a maximum's ratio only when both saturated; a baseline that did not saturate makes it an upper bound.
        var singleMet = r.BareSingle.Any(x => x.Saturated) ? Met(ratio >= 0.5)
            : r.GatewaySingle.Any(x => x.Saturated) ? (ratio < 0.5 ? Met(false) : "unproven: the baseline did not saturate")
            : "unproven: neither saturated";
        rows.Add(new Row($"Ingest, single route: heartbeats accepted/s at saturation ({s.SinglePoints:N0} points, rising Hz)",
            Rate(gw, r.GatewaySingle), Rate(bare, r.BareSingle), Pct(ratio), "≥ 50 % of bare Kestrel", singleMet));
        var low = r.GatewaySingle[0];
        var lowBare = r.BareSingle[0];
        rows.Add(new Row($"Ingest, single route: request p50 / p99 at {low.OfferedPerSec:N0} heartbeats/s",
            $"{low.P50Ms:0.00} / {low.P99Ms:0.00} ms", $"{lowBare.P50Ms:0.00} / {lowBare.P99Ms:0.00} ms", $"p99 ×{low.P99Ms / lowBare.P99Ms:0.0}", "—", "—"));
        rows.Add(new Row("Ingest, single route: request p50 / p99 at saturation",
            $"{gw.P50Ms:0.00} / {gw.P99Ms:0.00} ms", $"{bare.P50Ms:0.00} / {bare.P99Ms:0.00} ms", $"p99 ×{gw.P99Ms / bare.P99Ms:0.0}", "—", "—"));

        var gwb = Best(r.GatewayBatch);
        var bareb = Best(r.BareBatch);
        rows.Add(new Row($"Ingest, batch route ({s.BatchSize}/request): heartbeats accepted/s at saturation ({s.BatchPoints:N0} points)",
            Rate(gwb, r.GatewayBatch), Rate(bareb, r.BareBatch), Pct(gwb.AcceptedPerSec / bareb.AcceptedPerSec), "≥ 100,000/s", Met(gwb.AcceptedPerSec >= 100_000)));
        rows.Add(new Row("Ingest, batch route: request p50 / p99 at saturation",
            $"{gwb.P50Ms:0.00} / {gwb.P99Ms:0.00} ms", $"{bareb.P50Ms:0.00} / {bareb.P99Ms:0.00} ms", $"p99 ×{gwb.P99Ms / bareb.P99Ms:0.0}", "—", "—"));

        foreach (var (route, step) in new[] { ("batch route", r.SustainedBatch), ("single route", r.SustainedSingle) })
        {
            var full = step.Points >= 10_000;
            rows.Add(new Row($"{step.Points:N0} points at 1 Hz for {s.Sustained.TotalSeconds:0} s, {route}: process CPU (accepted/s, p99)",
                $"{step.CpuPct:0} % ({step.AcceptedPerSec:N0}/s, p99 {step.P99Ms:0.0} ms)", "—", "—",
                full ? "10,000 points: CPU < 50 %" : "(10,000 in the full run)",
                full ? Met(step.CpuPct < 50 && !step.Saturated) : "n/a"));
        }

        foreach (var m in r.Push.Select(p => p.Clients).Distinct())
        {
            var g = r.Push.Single(p => p.Target == "gateway" && p.Clients == m);
            var b = r.Push.Single(p => p.Target == "bare" && p.Clients == m);
            var target = m == 1_000 ? "≤ 2 × bare p99 and < 100 ms" : "—";
            var met = m == 1_000 ? Met(g.P99Ms <= 2 * b.P99Ms && g.P99Ms < 100 && g.Missed == 0) : "—";
            rows.Add(new Row($"Push, {m:N0} clients: ConnectionPointChanged p50 / p99 / max ({g.Changes} changes)",
                $"{g.P50Ms:0.0} / {g.P99Ms:0.0} / {g.MaxMs:0.0} ms{(g.Missed > 0 ? $", {g.Missed} missed" : "")}",
                $"{b.P50Ms:0.0} / {b.P99Ms:0.0} / {b.MaxMs:0.0} ms{(b.Missed > 0 ? $", {b.Missed} missed" : "")}",
                $"p99 ×{g.P99Ms / b.P99Ms:0.0}", target, met));
        }

        foreach (var sc in r.Scale)
        {
            rows.Add(new Row($"Memory per active connection-point grain, {sc.Points:N0} points", $"{sc.BytesPerPoint / 1024:0.0} KB", "—", "—", "—", "—"));
            rows.Add(new Row($"Memory per session ({sc.PointsPerSession} points each; session, board and companions), {sc.Sessions:N0} sessions",
                sc.BytesPerSession > 0 ? $"{sc.BytesPerSession / 1024:0.0} KB" : $"unreliable ({sc.BytesPerSession / 1024:0.0} KB: below the heap's noise)", "—", "—", "—", "—"));
        }

        var d = r.Demo;
        rows.Add(new Row($"Demo data cold: start on a demo store until every board, point and delegate is read ({d.Sessions} sessions, {d.Points} points, {d.Delegates} delegates)",
            $"{d.ColdActivateSeconds:0.00} s", $"{d.EmptyStartSeconds:0.00} s (start+stop, empty store)", "—", "—", "—"));
        rows.Add(new Row("Demo data loaded into an empty store (start+stop)", $"{d.DemoLoadStartSeconds:0.00} s",
            $"{d.EmptyStartSeconds:0.00} s (start+stop, empty store)", "—", "—", "—"));
        return rows;
    }

    private static StepResult Best(List<StepResult> steps) => steps.MaxBy(s => s.AcceptedPerSec)!;

    private static string Rate(StepResult best, List<StepResult> steps) =>
        $"{(steps.Any(s => s.Saturated) ? "" : "≥ ")}{best.AcceptedPerSec:N0}/s";

    private static string Pct(double ratio) => $"{ratio * 100:0} %";

    private static string Met(bool met) => met ? "yes" : "**no**";

    public static string Console(Results r)
    {
        var rows = Summary(r);
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine(r.Settings.Quick ? "SessionOps benchmark (--quick: provisional, not to be quoted)" : "SessionOps benchmark");
        string[] head = ["measure", "SessionOps", "baseline", "ratio", "target", "met"];
        var widths = Enumerable.Range(0, 6).Select(i => Math.Max(head[i].Length, rows.Max(x => Cells(x)[i].Length))).ToArray();
        widths[0] = Math.Min(widths[0], 70);
        void Line(string[] cells) => sb.AppendLine(string.Join(" | ", cells.Select((c, i) => (c.Length > widths[i] ? c[..(widths[i] - 1)] + "…" : c).PadRight(widths[i]))));
        Line(head);
        sb.AppendLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            Line(Cells(row));
        }

        return sb.ToString();
    }

    private static string[] Cells(Row row) => [row.Measure, row.Value, row.Baseline, row.Ratio, row.Target, row.Met.Replace("**", "")];

    public static string Markdown(Results r, string? whatWasChanged)
    {
        var s = r.Settings;
        var sb = new StringBuilder();
        sb.AppendLine("# Benchmarks");
        sb.AppendLine();
        sb.AppendLine("Written by the benchmark program (`tests/SessionOps.Benchmarks`); the last section is kept from run to run.");
        sb.AppendLine();
        if (s.Quick)
        {
            sb.AppendLine("> **Provisional.** These figures come from a `--quick` run (seconds per step, smaller sets) and are for trying the");
            sb.AppendLine("> program, not for quoting.");
            sb.AppendLine();
        }

        if (r.Note is not null)
        {
            sb.AppendLine($"> {r.Note}");
            sb.AppendLine();
        }

        sb.AppendLine("## Machine and run");
        sb.AppendLine();
        sb.AppendLine("| | |");
        sb.AppendLine("|---|---|");
        foreach (var (k, v) in Machine())
        {
            sb.AppendLine($"| {k} | {v} |");
        }

        sb.AppendLine($"| date | {r.Started:yyyy-MM-dd HH:mm zzz} |");
        sb.AppendLine($"| load average (1, 5, 15 min) before / after | {r.LoadBefore} / {r.LoadAfter} |");
        sb.AppendLine($"| command | `{r.Command}` |");
        sb.AppendLine($"| duration | {r.TotalSeconds / 60:0.0} min |");
        sb.AppendLine();

        sb.AppendLine("## Summary");
        sb.AppendLine();
        sb.AppendLine("| measure | SessionOps | baseline | ratio | target | met |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in Summary(r))
        {
            sb.AppendLine($"| {row.Measure} | {row.Value} | {row.Baseline} | {row.Ratio} | {row.Target} | {row.Met} |");
        }

        sb.AppendLine();
        sb.AppendLine("Baselines, in the same run and the same process: for ingest a bare Kestrel minimal API on the same routes that");
        sb.AppendLine("deserializes the same heartbeat JSON (`HeartbeatBody`) and answers 202 with the same body, without authentication or");
        sb.AppendLine("grains; for push a bare SignalR hub whose clients join one group, to which the same `ConnectionPointChanged` payload");
        sb.AppendLine("is broadcast. \"≥\" marks a rate the target reached without saturating: the highest step was not enough.");
        sb.AppendLine();

        sb.AppendLine("## Ingest steps");
        sb.AppendLine();
        sb.AppendLine("Each step: N points, each sending a heartbeat every 1/H s (paced, with a worker that falls behind sending at once);");
        sb.AppendLine($"{s.Warmup.TotalSeconds:0.#} s warm-up, then {s.Step.TotalSeconds:0.#} s measured. A series stops at the first step that accepts under");
        sb.AppendLine("90 % of what it offers (saturated). Latency is one request, send to response; CPU is the whole process (server *and*");
        sb.AppendLine("load generator) over all cores; WS is the working set.");
        sb.AppendLine();
        sb.AppendLine("| target | route | points | Hz | offered/s | accepted/s | requests/s | p50 ms | p99 ms | CPU % | WS MB | errors | |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var st in r.BareSingle.Concat(r.GatewaySingle).Concat(r.BareBatch).Concat(r.GatewayBatch).Append(r.SustainedBatch).Append(r.SustainedSingle))
        {
            sb.AppendLine(string.Create(Inv, $"| {st.Target} | {st.Route} | {st.Points:N0} | {st.Hz:0.#} | {st.OfferedPerSec:N0} | {st.AcceptedPerSec:N0} | {st.RequestsPerSec:N0} | {st.P50Ms:0.00} | {st.P99Ms:0.00} | {st.CpuPct:0} | {st.WorkingSetMb:0} | {st.Errors} | {(st.Saturated ? "saturated" : "")} |"));
        }

        sb.AppendLine();
        sb.AppendLine($"Set-up, not measured: {s.IngestPoints:N0} points defined and woken with one heartbeat each in {r.IngestSetUpSeconds:0.0} s.");
        sb.AppendLine();

        sb.AppendLine("## Push latency");
        sb.AppendLine();
        sb.AppendLine("M SignalR clients (WebSockets) subscribed to one session of 4 points. SessionOps: the agent's heartbeat that changes a");
        sb.AppendLine("point's health (the third bad one in a row, or the fifth good one) is stamped right before it is sent; each client");
        sb.AppendLine("stamps the arrival of its `ConnectionPointChanged`. The path: route → point grain (health change, durable write) →");
        sb.AppendLine("board grain (one-way) → the Gateway's push observer → SignalR group. Baseline: the same payload broadcast by a bare hub,");
        sb.AppendLine("stamped right before `Clients.Group(...).SendAsync`. One change at a time; the session is `scheduled`, so no incidents.");
        sb.AppendLine();
        sb.AppendLine("| target | clients | changes | samples | p50 ms | p99 ms | max ms | missed | connect s |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var p in r.Push)
        {
            sb.AppendLine(string.Create(Inv, $"| {p.Target} | {p.Clients:N0} | {p.Changes} | {p.Samples:N0} | {p.P50Ms:0.00} | {p.P99Ms:0.00} | {p.MaxMs:0.00} | {p.Missed} | {p.ConnectSeconds:0.0} |"));
        }

        sb.AppendLine();
        sb.AppendLine("## Scale of state");
        sb.AppendLine();
        sb.AppendLine("Every point and session defined, every activation collected (`IManagementGrain.ForceActivationCollection`), then");
        sb.AppendLine("points woken by one heartbeat each (batch route) and sessions by reading their boards; the managed heap after full");
        sb.AppendLine("compacting collections, before and after, divided by the count. A session's figure holds every grain its board wakes");
        sb.AppendLine("(listed below) and the board's copy of its points.");
        sb.AppendLine();
        sb.AppendLine("| points | KB per point | sessions | points per session | KB per session | points woken in | sessions woken in | activations added |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var sc in r.Scale)
        {
            sb.AppendLine(string.Create(Inv, $"| {sc.Points:N0} | {sc.BytesPerPoint / 1024:0.0} | {sc.Sessions:N0} | {sc.PointsPerSession} | {sc.BytesPerSession / 1024:0.0} | {sc.PointActivationSeconds:0.0} s | {sc.SessionActivationSeconds:0.0} s | {sc.ActivatedGrains} |"));
        }

        sb.AppendLine();
        var d = r.Demo;
        sb.AppendLine("## Demo data, cold");
        sb.AppendLine();
        sb.AppendLine(string.Create(Inv, $"- Gateway start and stop on an empty store: {d.EmptyStartSeconds:0.00} s."));
        sb.AppendLine(string.Create(Inv, $"- The same with `DemoData=true` (the demo set loaded before the first request): {d.DemoLoadStartSeconds:0.00} s."));
        sb.AppendLine(string.Create(Inv, $"- Cold start on that store: {d.ColdStartSeconds:0.00} s to serve; {d.ColdActivateSeconds:0.00} s from the start until every board ({d.Sessions}), point ({d.Points}) and delegate ({d.Delegates}) was read; managed heap then {d.HeapMbAfter:0} MB."));
        sb.AppendLine();

        sb.AppendLine("## How it is measured, and its limits");
        sb.AppendLine();
        sb.AppendLine("- One process: the Gateway (its own `Program`, a real Kestrel on 127.0.0.1, the co-hosted silo on a SQLite file of its");
        sb.AppendLine("  own, `Development` for the development signing key, logging at Warning, no demo data), the baselines, and the load");
        sb.AppendLine("  generator and SignalR clients all share the machine's cores. Absolute rates are therefore lower than a Gateway alone");
        sb.AppendLine("  would reach, and CPU is that of the whole process; the baselines carry the same handicap, which is why the ratios");
        sb.AppendLine("  are the figures to compare.");
        sb.AppendLine("- Requests go over HTTP/1.1 keep-alive connections (`SocketsHttpHandler`); heartbeats carry a token with the `agent` role.");
        sb.AppendLine("- Percentiles come from every sample sorted, not from a histogram.");
        sb.AppendLine("- Server GC (as the Web SDK defaults), .NET's tiered PGO on.");
        sb.AppendLine();
        sb.AppendLine(whatWasChanged ?? "## What was changed\n\nNothing yet: this is the first measurement.");
        return sb.ToString();
    }

    private static IEnumerable<(string, string)> Machine()
    {
        yield return ("cores", Environment.ProcessorCount.ToString(Inv));
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        yield return ("CPU", cpu ?? RuntimeInformation.ProcessArchitecture.ToString());
        var mem = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))
            : null;
        var kb = mem is null ? 0 : long.Parse(mem.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Inv);
        yield return ("memory", kb > 0 ? $"{kb / 1024.0 / 1024.0:0.0} GiB" : "n/a");
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
            : null;
        yield return ("OS", $"{os ?? RuntimeInformation.OSDescription} ({RuntimeInformation.OSDescription})");
        yield return (".NET", RuntimeInformation.FrameworkDescription);
        yield return ("GC", $"{(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}");
    }
}
