using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using SessionOps.Boards;
using SessionOps.Reports;
using SessionOps.Catalogs;
using SessionOps.ConnectionPoints;
using SessionOps.Journals;
using SessionOps.Notifications;
using SessionOps.Operations;

namespace SessionOps.Incidents;

/// <summary>One incident: opened by a board, observed as the link changes, acknowledged and resolved by people.</summary>
public sealed class IncidentGrain(
    [PersistentState("incident", StorageNames.Main)] IPersistentState<IncidentGrainState> state,
    TimeProvider clock,
    IEventJournal journal,
    Serializer serializer,
    ILogger<IncidentGrain> logger) : Grain, IIncidentGrain
{
    private string Id => this.GetPrimaryKeyString();

    private IncidentHistory Steps => new(state, journal, serializer, $"incident/{Id}");

    public async Task<Incident> Open(IncidentOpening opening)
    {
        if (state.State.Incident is { } existing)
        {
            // A retried opening finds the incident there: it tells of it again, in case the first time stopped before.
            GrainFactory.Notification(logger, Opened(existing));
            return existing;
        }

        var now = clock.GetUtcNow();
        var opened = new IncidentEvent(now, "opened", By: null, opening.Summary);
        var incident = new Incident(
            Id, opening.SessionId, opening.Kind, opening.Severity, IncidentState.Open, opening.TargetType, opening.TargetId,
            opening.TargetName, opening.Health, opening.AffectedDelegates, opening.Summary, now,
            RecoveredAt: null, AcknowledgedAt: null, AcknowledgedBy: null, ResolvedAt: null, ResolvedBy: null, ResolutionNote: null,
            History: [], opening.Affected, opening.Cause);
        await Steps.Record(incident, opened);
        incident = state.State.Incident!;
        var kind = new KeyValuePair<string, object?>("kind", opening.Kind.ToString());
        SessionOpsMetrics.IncidentsOpened.Add(1, kind);
        SessionOpsMetrics.IncidentsOpen.Add(1, kind);
        await GrainFactory.GetGrain<ICatalogGrain>(Catalog.IncidentsOf(opening.SessionId)).Add(Id);
        await GrainFactory.GetGrain<ICatalogGrain>(Catalog.Incidents).Add(Id);
        await GrainFactory.Tell(opening.SessionId, logger, SittingEvent.IncidentNow(incident, now));
        GrainFactory.Notification(logger, Opened(incident));
        return incident;
    }

    public async Task<Incident?> Observe(IncidentObservation observation)
    {
        if (state.State.Incident is not { } incident || incident.State == IncidentState.Resolved)
        {
            return state.State.Incident;
        }

        if (incident.Health == observation.Health)
        {
            return await Reaffect(incident, observation);
        }

        var now = clock.GetUtcNow();
        var recovered = observation.Health == LinkHealth.Online;
        var action = recovered ? "recovered" : observation.Health == LinkHealth.Offline ? "offline" : "degraded";
        await Steps.Record(incident with
        {
            Health = observation.Health,
            Severity = (IncidentSeverity)Math.Max((int)incident.Severity, (int)observation.Severity),
            AffectedDelegates = recovered ? incident.AffectedDelegates : observation.AffectedDelegates,
            Affected = recovered ? incident.Affected : observation.Affected,
            Summary = observation.Summary,
            RecoveredAt = recovered ? now : null,
        }, new IncidentEvent(now, action, By: null, observation.Summary));
        var next = state.State.Incident!;
        if (next.Severity > incident.Severity && next.State == IncidentState.Open)
        {
            // Worse than it was: news to the channels whose threshold it has now reached.
            GrainFactory.Notification(logger, new Notification(
                $"severity-{Id}-{EnumText.Camel(next.Severity)}", NotificationEvent.IncidentOpened, now, next.Severity, [], Session: null,
                NotifiedIncident.Of(next), PreviousSeverity: incident.Severity));
        }

        return next;
    }

    private static Notification Opened(Incident incident) => new(
        $"opened-{incident.Id}", NotificationEvent.IncidentOpened, incident.OpenedAt, incident.Severity, [], Session: null, NotifiedIncident.Of(incident));

    /// <summary>
    /// The same link, other people: a delegate marked online at the point, or moved to the hall. The incident names
    /// whom it keeps from the sitting now; the history is of the link and of people's actions, so it gains nothing.
    /// </summary>
    private async Task<Incident> Reaffect(Incident incident, IncidentObservation observation)
    {
        if (incident.Health == LinkHealth.Online || observation.Affected is null ||
            (incident.AffectedDelegates == observation.AffectedDelegates &&
             (incident.Affected ?? []).Select(a => a.Id).SequenceEqual(observation.Affected.Select(a => a.Id))))
        {
            return incident;
        }

        var next = incident with { AffectedDelegates = observation.AffectedDelegates, Affected = observation.Affected, Summary = observation.Summary };
        await Steps.Amend(next);
        return next;
    }

    public async Task<CommandResult> Acknowledge(Actor by, string? note)
    {
        if (state.State.Incident is not { } incident)
        {
            return CommandResult.NotFound($"There is no incident '{Id}'.");
        }

        switch (incident.State)
        {
            case IncidentState.Resolved:
                return CommandResult.Conflict($"Incident '{Id}' was resolved by {incident.ResolvedBy} at {incident.ResolvedAt:O}.");
            case IncidentState.Acknowledged:
                // Someone already took it: a repeated acknowledgement changes nothing.
                return CommandResult.Ok;
        }

        var now = clock.GetUtcNow();
        await Change(incident with
        {
            State = IncidentState.Acknowledged,
            AcknowledgedAt = now,
            AcknowledgedBy = by.Name,
        }, new IncidentEvent(now, "acknowledged", by.Name, note));
        return CommandResult.Ok;
    }

    public async Task<CommandResult> Resolve(Actor by, string? note)
    {
        if (state.State.Incident is not { } incident)
        {
            return CommandResult.NotFound($"There is no incident '{Id}'.");
        }

        if (incident.State == IncidentState.Resolved)
        {
            return CommandResult.Conflict($"Incident '{Id}' was already resolved by {incident.ResolvedBy} at {incident.ResolvedAt:O}.");
        }

        var now = clock.GetUtcNow();
        await Change(incident with
        {
            State = IncidentState.Resolved,
            ResolvedAt = now,
            ResolvedBy = by.Name,
            ResolutionNote = note,
        }, new IncidentEvent(now, "resolved", by.Name, note));
        GrainFactory.Notification(logger, new Notification(
            $"resolved-{Id}", NotificationEvent.IncidentResolved, now, incident.Severity, [], Session: null, NotifiedIncident.Of(state.State.Incident!)));
        var kind = new KeyValuePair<string, object?>("kind", incident.Kind.ToString());
        SessionOpsMetrics.IncidentsResolved.Add(1, kind);
        SessionOpsMetrics.IncidentsOpen.Add(-1, kind);
        return CommandResult.Ok;
    }

    public Task<Incident?> Get() => Task.FromResult(state.State.Incident);

    public async Task<Incident?> GetWithHistory() =>
        state.State.Incident is { } incident ? incident with { History = await Steps.All() } : null;

    private async Task Change(Incident changed, IncidentEvent step)
    {
        await Steps.Record(changed, step);
        var next = state.State.Incident!;
        await GrainFactory.Tell(next.SessionId, logger, SittingEvent.IncidentNow(next, step.At));

        // One-way: the board may be waiting on this grain right now.
        _ = GrainFactory.GetGrain<ISessionBoardGrain>(next.SessionId).IncidentChanged(next.AsShown());
    }
}
