using System.Globalization;
using SessionOps.Catalogs;
using SessionOps.Gateway.Auth;
using SessionOps.Incidents;
using SessionOps.Reports;
using SessionOps.Sessions;

namespace SessionOps.Gateway.Api;

public sealed record MeetingCounts(int Total, Dictionary<string, int> ByKind, int Held, int Postponed, int Cancelled);

public sealed record PointRollUp(string Id, string Name, string Province, double AvailabilityPct, long OfflineSeconds, int Incidents);

public sealed record IncidentRollUp(int Total, Dictionary<string, int> ByKind, double? MedianSecondsToAcknowledge, double? MedianSecondsToResolve);

public sealed record ClosedSitting(string Id, string Title, SessionKind Kind, DateTimeOffset ScheduledStart);

/// <summary>A month's (or a year's) tổng kết: how many meetings and how they went, how available each point was, how fast incidents were handled.</summary>
public sealed record RollUp(
    string Period,
    MeetingCounts Meetings,
    PointRollUp[] ConnectionPoints,
    IncidentRollUp Incidents,
    double? ReadinessOnTimePct,
    ClosedSitting[] Sittings);

public static class RollUpEndpoints
{
    public static void MapRollUps(this IEndpointRouteBuilder api)
    {
        api.MapGet("/reports/monthly", async (string? month, IGrainFactory grains, TimeProvider clock, HttpContext http) =>
        {
            if (!SittingDays.TryMonth(month, clock, out var first))
            {
                return SittingDays.BadMonth();
            }

            var (sessions, closed) = await Month(first, grains);
            return Results.Ok(Compose(first.ToString("yyyy-MM", CultureInfo.InvariantCulture), sessions, closed, http));
        }).Produces<RollUp>().ProducesValidationProblem().RequireAuthorization(Policies.Read);

        api.MapGet("/reports/yearly", async (int? year, IGrainFactory grains, TimeProvider clock, HttpContext http) =>
        {
            var asked = year ?? ParliamentTime.Today(clock).Year;
            if (asked is < 2000 or > 2100)
            {
                var check = new Validator();
                check.Add("year", "year must be a year such as 2026.");
                return check.Problem();
            }

            var months = await Task.WhenAll(Enumerable.Range(1, 12).Select(m => Month(new DateOnly(asked, m, 1), grains)));
            return Results.Ok(Compose(asked.ToString(CultureInfo.InvariantCulture),
                [.. months.SelectMany(m => m.Sessions).DistinctBy(s => s.Id)], [.. months.SelectMany(m => m.Closed)], http));
        }).Produces<RollUp>().ProducesValidationProblem().RequireAuthorization(Policies.Read);
    }

    /// <summary>The month's sittings (from its day catalogs) and the summaries its roll-up kept as they closed.</summary>
    private static async Task<(Session[] Sessions, SittingSummary[] Closed)> Month(DateOnly first, IGrainFactory grains)
    {
        var sessions = (await SittingDays.Read(grains, first, first.AddMonths(1).AddDays(-1)))
            // A sitting belongs to the month it starts in, as the roll-up files it.
            .Where(s => ParliamentTime.DayOf(s.ScheduledStart) is var day && day.Year == first.Year && day.Month == first.Month)
            .ToArray();
        var closed = await grains.GetGrain<IMonthlyReportGrain>(first.ToString("yyyy-MM", CultureInfo.InvariantCulture)).Closed();
        return (sessions, closed);
    }

    private static RollUp Compose(string period, Session[] sessions, SittingSummary[] closed, HttpContext http)
    {
        var held = sessions.Count(s => s.Phase is SessionPhase.Live or SessionPhase.Suspended or SessionPhase.Adjourned or SessionPhase.Closed);
        var meetings = new MeetingCounts(sessions.Length,
            sessions.GroupBy(s => EnumText.Camel(s.Kind)).ToDictionary(g => g.Key, g => g.Count()),
            held, sessions.Count(s => s.Phase == SessionPhase.Postponed), sessions.Count(s => s.Phase == SessionPhase.Cancelled));

        // A reader scoped to provinces sees their points, and the incidents of no other point.
        var hidden = closed.SelectMany(s => s.Points).Where(p => !http.User.Covers(p.Province)).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var incidents = closed.SelectMany(s => s.Incidents).Where(i => !hidden.Contains(i.TargetId)).ToArray();
        var points = closed.SelectMany(s => s.Points)
            .Where(p => !hidden.Contains(p.Id))
            .GroupBy(p => p.Id, StringComparer.Ordinal)
            .Select(g =>
            {
                var running = g.Sum(p => p.RunningSeconds);
                var last = g.Last();
                return new PointRollUp(g.Key, last.Name, last.Province,
                    running == 0 ? 0 : Math.Round(100.0 * g.Sum(p => p.AvailableSeconds) / running, 2), g.Sum(p => p.OfflineSeconds),
                    incidents.Count(i => i.Kind == IncidentKind.ConnectionPoint && i.TargetId == g.Key));
            })
            .OrderBy(p => p.AvailabilityPct).ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToArray();

        return new RollUp(period, meetings, points,
            new IncidentRollUp(incidents.Length, incidents.GroupBy(i => EnumText.Camel(i.Kind)).ToDictionary(g => g.Key, g => g.Count()),
                Median(incidents.Select(i => i.SecondsToAcknowledge)), Median(incidents.Select(i => i.SecondsToResolve))),
            closed.Length == 0 ? null : Math.Round(100.0 * closed.Count(s => s.ReadinessOnTime) / closed.Length, 1),
            [.. closed.Select(s => new ClosedSitting(s.SessionId, s.Title, s.Kind, s.ScheduledStart))]);
    }

    private static double? Median(IEnumerable<long?> values)
    {
        var sorted = values.OfType<long>().Order().ToArray();
        return sorted.Length == 0 ? null
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2.0;
    }
}
