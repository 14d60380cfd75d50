using SessionOps.Catalogs;
using SessionOps.ConnectionPoints;
using SessionOps.Gateway.Auth;
using SessionOps.Incidents;
using SessionOps.Readiness;
using SessionOps.Sessions;

namespace SessionOps.Gateway.Api;

/// <summary>One thing that happened to a session, for the after-action review.</summary>
public sealed record TimelineEntry(
    DateTimeOffset At,
    string Type,
    string What,
    string? By = null,
    string? TargetType = null,
    string? TargetId = null,
    string? Note = null);

/// <summary>How long a connection point was not online while the session was being prepared or sat.</summary>
public sealed record PointDowntime(string Id, double DegradedSeconds, double OfflineSeconds);

public sealed record SessionTimeline(string SessionId, DateTimeOffset From, DateTimeOffset To, TimelineEntry[] Entries, PointDowntime[] Downtime);

public static class TimelineEndpoints
{
    /// <summary>
    /// <c>GET /api/sessions/{id}/timeline</c>: every phase change, check, incident event and change of a point's health,
    /// in order, from the first thing done for the session (at the latest a day before its start) to its close.
    /// </summary>
    public static void MapTimeline(this IEndpointRouteBuilder api) =>
        api.MapGet("/sessions/{id}/timeline", async (string id, IGrainFactory grains, TimeProvider clock, HttpContext http) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            if (await grains.GetGrain<ISessionGrain>(id).Get() is not { } session)
            {
                return CommandResultExtensions.NotFound("session", id);
            }

            var checks = await grains.GetGrain<IReadinessGrain>(id).History();
            var incidentIds = await grains.GetGrain<ICatalogGrain>(Catalog.IncidentsOf(id)).List();
            var incidents = (await Task.WhenAll(incidentIds.Select(i => grains.GetGrain<IIncidentGrain>(i).GetWithHistory()))).OfType<Incident>()
                .Select(i => i.ForReader(http.User)).ToArray();
            var seesSecurityNotes = http.User.SeesSecurityData();

            var from = new[] { session.ScheduledStart.AddDays(-1) }
                .Concat(session.History.Select(h => h.At))
                .Concat(checks.Select(c => c.At))
                .Min();
            var to = session.History.LastOrDefault(h => h.IsMoveTo(SessionPhase.Closed) || h.IsMoveTo(SessionPhase.Cancelled))?.At ?? clock.GetUtcNow();

            var transitions = await Task.WhenAll(session.ConnectionPointIds.Select(async pointId =>
                (Id: pointId, Transitions: await grains.GetGrain<IConnectionPointGrain>(pointId).GetTransitions(from, to))));

            var entries = session.History
                .Select(h => new TimelineEntry(h.At, EnumText.Camel(h.Kind), $"{h.From} → {h.To}{(h.Override ? " (override)" : "")}", h.By, Note: h.Reason))
                .Concat(checks.Select(c => new TimelineEntry(c.At, "check", $"{c.Item}: {EnumText.Camel(c.Status)}", c.By, EnumText.Camel(c.TargetType), c.TargetId,
                    seesSecurityNotes || c.Item != ReadinessOptions.SecuritySweep ? c.Note : null)))
                .Concat(incidents.SelectMany(i => i.History.Select(e =>
                    new TimelineEntry(e.At, "incident", $"{e.Action}: {i.Summary}", e.By, i.TargetType, i.TargetId, e.Note))))
                .Concat(transitions.SelectMany(p => p.Transitions
                    .Where(t => t.At >= from && t.At <= to)
                    .Select(t => new TimelineEntry(t.At, "health", $"{EnumText.Camel(t.From)} → {EnumText.Camel(t.To)}", TargetType: "connectionPoint", TargetId: p.Id))))
                .OrderBy(e => e.At)
                .ToArray();

            var downtime = transitions.Select(p => Downtime(p.Id, p.Transitions, from, to)).ToArray();
            return Results.Ok(new SessionTimeline(id, from, to, entries, downtime));
        }).Produces<SessionTimeline>().ProducesProblem(StatusCodes.Status404NotFound).ForKnown(Catalog.Sessions, "session").RequireAuthorization(Policies.Read);

    private static PointDowntime Downtime(string id, HealthTransition[] transitions, DateTimeOffset from, DateTimeOffset to)
    {
        // The health at the window's start is the last one reached before it.
        var health = transitions.LastOrDefault(t => t.At < from)?.To ?? LinkHealth.Unknown;
        var since = from;
        double degraded = 0, offline = 0;
        foreach (var transition in transitions.Where(t => t.At >= from && t.At <= to).Append(new HealthTransition(to, LinkHealth.Unknown, LinkHealth.Unknown)))
        {
            var span = (transition.At - since).TotalSeconds;
            if (health == LinkHealth.Degraded)
            {
                degraded += span;
            }
            else if (health == LinkHealth.Offline)
            {
                offline += span;
            }

            health = transition.To;
            since = transition.At;
        }

        return new PointDowntime(id, Math.Round(degraded, 1), Math.Round(offline, 1));
    }

}
