using SessionOps.Incidents;
using SessionOps.Sessions;

namespace SessionOps.Reports;

/// <summary>The after-action report computed from a sitting's record alone: what ran when, how each point held, how fast incidents were handled.</summary>
public static class SittingReports
{
    private static readonly string Live = EnumText.Camel(SessionPhase.Live);
    private static readonly string Suspended = EnumText.Camel(SessionPhase.Suspended);
    private static readonly string Closed = EnumText.Camel(SessionPhase.Closed);
    private static readonly string Online = EnumText.Camel(ConnectionPoints.LinkHealth.Online);
    private static readonly string Degraded = EnumText.Camel(ConnectionPoints.LinkHealth.Degraded);

    public static SittingReport Compute(Session session, IReadOnlyList<SittingEvent> events, DateTimeOffset deadline, DateTimeOffset now)
    {
        var phases = events.Where(e => e.Kind == SittingEventKind.Phase).ToArray();
        var closedAt = phases.FirstOrDefault(p => p.To == Closed)?.At;
        // A closed sitting's report ends where it closed: whatever is appended later is not part of it.
        var end = closedAt ?? now;
        var running = Running(phases, end);
        var actualStart = phases.FirstOrDefault(p => p.To == Live)?.At;
        var actualEnd = actualStart is null ? null
            : phases.FirstOrDefault(p => p.At >= actualStart && p.To is "adjourned" or "closed")?.At;
        var status = closedAt is not null ? ReportStatus.Final
            : actualStart is null ? ReportStatus.NotStarted
            : phases[^1].To == Live || phases[^1].To == Suspended ? ReportStatus.Running
            : ReportStatus.Over;

        var goAt = events.FirstOrDefault(e => e.Kind == SittingEventKind.Readiness && e.To == "go" && e.At <= end)?.At;
        var attendance = events.Where(e => e.Kind == SittingEventKind.Attendance && e.At <= end).ToArray();

        return new SittingReport(
            session.Id, session.Title, session.Kind, session.ScheduledStart, session.ScheduledEnd, actualStart, actualEnd,
            [.. phases.Select(p => new ReportPhase(p.To!, p.At, p.By ?? "", p.Reason, p.Override))],
            new ReportReadiness(deadline, goAt, goAt is { } go && go <= deadline),
            running.Count == 0 ? [] : [.. session.ConnectionPointIds.Select(id => Point(id, events, running, end))],
            Incidents(events, end),
            new ReportAttendance(
                attendance.Length == 0 ? 0 : attendance.Max(a => a.Count ?? 0),
                attendance.FirstOrDefault(a => a.Count >= a.Required)?.At),
            status,
            end,
            Math.Round(running.Sum(r => (r.To - r.From).TotalSeconds), 3));
    }

    /// <summary>What the month's roll-up keeps of a final report.</summary>
    public static SittingSummary Summary(SittingReport report) => new(
        report.SessionId, report.Title, report.Kind, report.ScheduledStart, report.RunningSeconds,
        [.. report.ConnectionPoints.Select(p => new PointTally(p.Id, p.Name, p.Province, report.RunningSeconds,
            report.RunningSeconds * p.AvailabilityPct / 100, p.OfflineSeconds))],
        [.. report.Incidents.Select(i => new IncidentTally(i.Kind, i.TargetId, i.SecondsToAcknowledge, i.SecondsToResolve))],
        report.Readiness.OnTime);

    /// <summary>The stretches the sitting was live or suspended, up to <paramref name="end"/>.</summary>
    private static List<(DateTimeOffset From, DateTimeOffset To)> Running(SittingEvent[] phases, DateTimeOffset end)
    {
        var stretches = new List<(DateTimeOffset, DateTimeOffset)>();
        DateTimeOffset? since = null;
        foreach (var phase in phases.Where(p => p.At <= end))
        {
            var runs = phase.To == Live || phase.To == Suspended;
            if (runs && since is null)
            {
                since = phase.At;
            }
            else if (!runs && since is { } from)
            {
                stretches.Add((from, phase.At));
                since = null;
            }
        }

        if (since is { } open && end > open)
        {
            stretches.Add((open, end));
        }

        return stretches;
    }

    private static ReportPoint Point(string id, IReadOnlyList<SittingEvent> events, List<(DateTimeOffset From, DateTimeOffset To)> running, DateTimeOffset end)
    {
        var changes = events.Where(e => e.Kind == SittingEventKind.Health && e.TargetId == id && e.At <= end).ToArray();
        string HealthAt(DateTimeOffset at) => changes.LastOrDefault(c => c.At <= at)?.To ?? "unknown";

        double total = 0, available = 0, degraded = 0, offline = 0;
        var outages = new List<ReportOutage>();
        foreach (var (from, to) in running)
        {
            var cuts = changes.Where(c => c.At > from && c.At < to).Select(c => c.At).Prepend(from).Append(to).Distinct().Order().ToArray();
            for (var i = 0; i < cuts.Length - 1; i++)
            {
                var (start, stop, health) = (cuts[i], cuts[i + 1], HealthAt(cuts[i]));
                var seconds = (stop - start).TotalSeconds;
                total += seconds;
                if (health == Online || health == Degraded)
                {
                    available += seconds;
                }

                if (health == Degraded)
                {
                    degraded += seconds;
                }
                else if (health != Online)
                {
                    offline += seconds;
                }

                if (health == Online)
                {
                    continue;
                }

                var shown = health == Degraded ? Degraded : "offline";
                if (outages.Count > 0 && outages[^1].To == start && outages[^1].Health == shown)
                {
                    outages[^1] = outages[^1] with { To = stop };
                }
                else
                {
                    outages.Add(new ReportOutage(start, stop, shown));
                }
            }
        }

        var named = changes.LastOrDefault(c => c.TargetName is not null);
        return new ReportPoint(id, named?.TargetName ?? id, named?.Province ?? "",
            total == 0 ? 0 : Math.Round(available / total * 100, 2), (long)Math.Round(degraded), (long)Math.Round(offline), [.. outages]);
    }

    private static ReportIncident[] Incidents(IReadOnlyList<SittingEvent> events, DateTimeOffset end) =>
    [
        .. events.Where(e => e.Kind == SittingEventKind.Incident && e.IncidentId is not null && e.At <= end)
            .GroupBy(e => e.IncidentId!, StringComparer.Ordinal)
            .Select(g =>
            {
                var opened = g.First().At;
                var acknowledged = g.FirstOrDefault(e => e.To == "acknowledged")?.At;
                var resolved = g.FirstOrDefault(e => e.To == "resolved")?.At;
                var last = g.Last();
                return new ReportIncident(g.Key, last.IncidentKind ?? IncidentKind.ConnectionPoint, last.Severity ?? IncidentSeverity.Minor,
                    last.TargetId ?? "", opened, acknowledged, resolved,
                    acknowledged is { } a ? (long)(a - opened).TotalSeconds : null,
                    resolved is { } r ? (long)(r - opened).TotalSeconds : null,
                    last.TargetName);
            })
            .OrderBy(i => i.OpenedAt),
    ];
}
