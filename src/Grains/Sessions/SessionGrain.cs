using SessionOps.Notifications;
using Microsoft.Extensions.Logging;
using SessionOps.ConnectionPoints;
using SessionOps.Reports;
using SessionOps.Boards;
using SessionOps.Catalogs;
using SessionOps.Readiness;
using SessionOps.Venues;

namespace SessionOps.Sessions;

[GenerateSerializer, Alias("SessionOps.SessionState")]
public sealed class SessionState
{
    [Id(0)] public SessionSpec? Spec { get; init; }
    [Id(1)] public SessionPhase Phase { get; init; } = SessionPhase.Scheduled;
    [Id(2)] public string? PhaseReason { get; init; }
    [Id(3)] public PhaseChange[] History { get; init; } = [];
    [Id(4)] public DateTimeOffset UpdatedAt { get; init; }
    [Id(5)] public ScheduleChange[] Reschedules { get; init; } = [];
}

public sealed class SessionGrain(
    [PersistentState("session", StorageNames.Main)] IPersistentState<SessionState> state,
    TimeProvider clock,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain
{
    /// <summary>The state as storage confirmed it: what <see cref="Get"/> answers, even while a write is under way.</summary>
    private SessionState _committed = null!;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _committed = state.State;
        return Task.CompletedTask;
    }

    public async Task<DefinePreview> Preview(SessionSpec spec)
    {
        if (state.State.Spec is { } current && current.SameAs(spec))
        {
            return new(DefineOutcome.Unchanged, CommandResult.Ok);
        }

        var outcome = state.State.Spec is null ? DefineOutcome.Created : DefineOutcome.Updated;
        if (SessionPhases.IsFinal(state.State.Phase) && state.RecordExists)
        {
            return new(outcome, CommandResult.Conflict($"Session '{Id}' is {EnumText.Camel(state.State.Phase)} and can no longer be changed."));
        }

        var errors = await CheckReferences(spec);
        return new(outcome, errors.Count > 0 ? CommandResult.Invalid(errors) : CommandResult.Ok);
    }

    public async Task<CommandResult> Define(SessionSpec spec)
    {
        var preview = await Preview(spec);
        if (preview.Outcome == DefineOutcome.Unchanged)
        {
            await GrainFactory.GetGrain<ICatalogGrain>(Catalog.Sessions).Add(Id);
            return CommandResult.Ok;
        }

        if (!preview.Result.IsOk)
        {
            return preview.Result;
        }

        var previous = state.State.Spec;
        await state.Commit(new SessionState
        {
            Spec = spec,
            Phase = state.State.Phase,
            PhaseReason = state.State.PhaseReason,
            History = state.State.History,
            Reschedules = state.State.Reschedules,
            UpdatedAt = clock.GetUtcNow(),
        });

        await FileUnderDays(previous, spec);
        await FileInPlenary(previous, spec);
        await GrainFactory.GetGrain<ICatalogGrain>(Catalog.Sessions).Add(Id);
        Announce();
        return CommandResult.Ok;
    }

    public async Task<CommandResult> Reschedule(RescheduleRequest request)
    {
        if (state.State.Spec is not { } spec)
        {
            return CommandResult.NotFound($"There is no session '{Id}'.");
        }

        var phase = state.State.Phase;
        if (phase is not (SessionPhase.Scheduled or SessionPhase.Preparing or SessionPhase.Ready or SessionPhase.Postponed))
        {
            return CommandResult.Conflict(
                $"Session '{Id}' is {EnumText.Camel(phase)}: a sitting can be moved only before it goes live.");
        }

        if (spec.ScheduledStart == request.ScheduledStart && spec.ScheduledEnd == request.ScheduledEnd && phase != SessionPhase.Postponed)
        {
            // A retried request finds the work done.
            return CommandResult.Ok;
        }

        var now = clock.GetUtcNow();
        var moved = spec with { ScheduledStart = request.ScheduledStart, ScheduledEnd = request.ScheduledEnd };
        var change = new ScheduleChange(now, request.By.Name, spec.ScheduledStart, spec.ScheduledEnd, request.ScheduledStart, request.ScheduledEnd, request.Reason);

        // A postponed sitting given its new time is on the calendar again, and its phase says so.
        var history = phase == SessionPhase.Postponed
            ? [.. state.State.History, new PhaseChange(phase, SessionPhase.Scheduled, now, request.By.Name, request.Reason, false)]
            : state.State.History;
        await state.Commit(new SessionState
        {
            Spec = moved,
            Phase = phase == SessionPhase.Postponed ? SessionPhase.Scheduled : phase,
            PhaseReason = phase == SessionPhase.Postponed ? null : state.State.PhaseReason,
            History = history,
            Reschedules = [.. state.State.Reschedules, change],
            UpdatedAt = now,
        });

        await FileUnderDays(spec, moved);
        await FileInPlenary(spec, moved);
        Announce();
        return CommandResult.Ok;
    }

    public Task<Session?> Get() => Task.FromResult(_committed.Spec is { } spec ? View(_committed) : null);

    /// <summary>The n-th change of phase: its id is the same however often it is told.</summary>
    private void NotifyPhase(PhaseChange change, int number)
    {
        var spec = state.State.Spec!;
        GrainFactory.Notification(logger, new Notification(
            $"phase-{Id}-{number}", NotificationEvent.PhaseChanged, change.At, Severity: null, [],
            new NotifiedSession(Id, spec.Title, spec.Kind, change.To, spec.ScheduledStart, change.From, change.Reason), Incident: null));
    }

    public async Task<CommandResult> ChangePhase(PhaseRequest request)
    {
        if (state.State.Spec is null)
        {
            return CommandResult.NotFound($"There is no session '{Id}'.");
        }

        var from = state.State.Phase;
        if (from == request.Phase)
        {
            // A retried request finds the work done, and tells of it again in case the first time stopped before.
            if (state.State.History is [.., var last] && last.To == request.Phase)
            {
                NotifyPhase(last, state.State.History.Length);
            }

            return CommandResult.Ok;
        }

        if (!SessionPhases.CanMove(from, request.Phase))
        {
            var allowed = SessionPhases.Allowed(from);
            return CommandResult.Conflict(
                $"Session '{Id}' is {EnumText.Camel(from)} and cannot move to {EnumText.Camel(request.Phase)}. " +
                (allowed.Length == 0 ? "It can no longer change phase." : $"Allowed: {string.Join(", ", allowed.Select(EnumText.Camel))}."));
        }

        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        if (SessionPhases.NeedsReason(request.Phase) && reason is null)
        {
            return CommandResult.Invalid("reason", $"A reason is required to move a session to {EnumText.Camel(request.Phase)}.");
        }

        // The gate: a sitting starts only when its readiness is go, or when an admin overrides it with a reason.
        if (from == SessionPhase.Ready && request.Phase == SessionPhase.Live && !request.Override)
        {
            var readiness = await GrainFactory.GetGrain<IReadinessGrain>(Id).Get();
            if (readiness is { State: not ReadinessState.Go })
            {
                return CommandResult.Conflict(
                    $"Session '{Id}' is not ready to go live: readiness is {EnumText.Camel(readiness.State)} ({readiness.Percent} %). " +
                    "An admin may override with a reason.",
                    readiness.Blocking);
            }
        }

        var now = clock.GetUtcNow();
        var change = new PhaseChange(from, request.Phase, now, request.By.Name, reason, request.Override);
        await state.Commit(new SessionState
        {
            Spec = state.State.Spec,
            Phase = request.Phase,
            PhaseReason = reason,
            History = [.. state.State.History, change],
            Reschedules = state.State.Reschedules,
            UpdatedAt = now,
        });

        SittingEvent[] facts = [SittingEvent.PhaseMoved(change)];
        if (request.Phase == SessionPhase.Live)
        {
            // Where each point stands as the sitting goes live: its availability is measured from here.
            var points = await Task.WhenAll(state.State.Spec.ConnectionPointIds.Select(p => GrainFactory.GetGrain<IConnectionPointGrain>(p).Get()));
            facts = [.. facts, .. points.OfType<ConnectionPoint>().Select(point => SittingEvent.HealthOf(point, point.Health, now))];
        }

        await GrainFactory.Tell(Id, logger, facts);
        NotifyPhase(change, state.State.History.Length);
        if (request.Phase == SessionPhase.Closed)
        {
            // One-way: the record asks this grain for the session while it makes its report final.
            _ = GrainFactory.GetGrain<ISittingRecordGrain>(Id).Closed();
        }

        if (request.Phase == SessionPhase.Cancelled && state.State.Spec.PlenarySession is { } plenary)
        {
            // A cancelled sitting is no day of its kỳ họp.
            await GrainFactory.GetGrain<IPlenarySessionGrain>(Key(plenary)).Remove(Id);
        }

        Announce();
        return CommandResult.Ok;
    }

    /// <summary>The day catalogs list the sitting under every day it spans now, and under no day it left.</summary>
    private async Task FileUnderDays(SessionSpec? before, SessionSpec now)
    {
        var days = ParliamentTime.DaysOf(now.ScheduledStart, now.ScheduledEnd).ToArray();
        foreach (var day in days)
        {
            await GrainFactory.GetGrain<ICatalogGrain>(Catalog.SessionsOn(day)).Add(Id);
        }

        if (before is not null)
        {
            foreach (var day in ParliamentTime.DaysOf(before.ScheduledStart, before.ScheduledEnd).Except(days))
            {
                await GrainFactory.GetGrain<ICatalogGrain>(Catalog.SessionsOn(day)).Remove(Id);
            }
        }
    }

    /// <summary>The kỳ họp the sitting belongs to numbers its days; one it left forgets it.</summary>
    private async Task FileInPlenary(SessionSpec? before, SessionSpec now)
    {
        if (before?.PlenarySession is { } left && left.Number != now.PlenarySession?.Number)
        {
            await GrainFactory.GetGrain<IPlenarySessionGrain>(Key(left)).Remove(Id);
        }

        if (now.PlenarySession is { } plenary && state.State.Phase != SessionPhase.Cancelled)
        {
            var days = ParliamentTime.DaysOf(now.ScheduledStart, now.ScheduledEnd).ToArray();
            await GrainFactory.GetGrain<IPlenarySessionGrain>(Key(plenary)).File(Id, plenary.Round, days);
        }
    }

    private static string Key(PlenaryRef plenary) => plenary.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Makes the written state the one <see cref="Get"/> answers, and tells the board and the checklist, one-way:
    /// they may be asking this grain for the session at this very moment.
    /// </summary>
    private void Announce()
    {
        _committed = state.State;
        _ = GrainFactory.GetGrain<ISessionBoardGrain>(Id).SessionChanged(View(_committed));
        _ = GrainFactory.GetGrain<IReadinessGrain>(Id).SessionChanged();
    }

    private async Task<Dictionary<string, string[]>> CheckReferences(SessionSpec spec)
    {
        var errors = new Dictionary<string, string[]>();

        var hall = await GrainFactory.GetGrain<IVenueGrain>(spec.HallVenueId).Get();
        if (hall is null)
        {
            errors["hallVenueId"] = [$"There is no venue '{spec.HallVenueId}'."];
        }
        else if (hall.Kind is not (VenueKind.Hall or VenueKind.MeetingRoom))
        {
            errors["hallVenueId"] = [$"Venue '{spec.HallVenueId}' is a {EnumText.Camel(hall.Kind)}, not a hall or meeting room."];
        }

        var missingVenues = await GrainFactory.GetGrain<ICatalogGrain>(Catalog.Venues).Missing(spec.OtherVenueIds);
        if (missingVenues.Length > 0)
        {
            errors["venueIds"] = [$"Unknown venues: {string.Join(", ", missingVenues)}."];
        }

        var missingPoints = await GrainFactory.GetGrain<ICatalogGrain>(Catalog.ConnectionPoints).Missing(spec.ConnectionPointIds);
        if (missingPoints.Length > 0)
        {
            errors["connectionPointIds"] = [$"Unknown connection points: {string.Join(", ", missingPoints)}."];
        }

        var missingDelegates = await GrainFactory.GetGrain<ICatalogGrain>(Catalog.Delegates).Missing(spec.DelegateIds);
        if (missingDelegates.Length > 0)
        {
            errors["delegateIds"] = [$"Unknown delegates: {string.Join(", ", missingDelegates.Take(20))}{(missingDelegates.Length > 20 ? ", …" : "")}."];
        }

        return errors;
    }

    private static SessionHistoryEntry[] History(SessionState current) =>
        [.. current.History.Select(SessionHistoryEntry.Of).Concat(current.Reschedules.Select(SessionHistoryEntry.Of)).OrderBy(h => h.At)];

    private Session View(SessionState current)
    {
        var spec = current.Spec!;
        return new(
            Id, spec.Title, spec.Kind, spec.Format, spec.HallVenueId, spec.ScheduledStart, spec.ScheduledEnd,
            spec.ConnectionPointIds, spec.DelegateIds, spec.Quorum,
            current.Phase, current.PhaseReason, History(current), current.UpdatedAt, spec.VenueIds, spec.PlenarySession);
    }

}
