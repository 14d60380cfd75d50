using SessionOps.Boards;
using SessionOps.Catalogs;
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
}

public sealed class SessionGrain(
    [PersistentState("session", StorageNames.Main)] IPersistentState<SessionState> state,
    TimeProvider clock) : Grain, ISessionGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<CommandResult> Define(SessionSpec spec)
    {
        if (state.State.Spec is { } current && current.SameAs(spec))
        {
            await GrainFactory.GetGrain<ICatalogGrain>(Catalog.Sessions).Add(Id);
            return CommandResult.Ok;
        }

        if (SessionPhases.IsFinal(state.State.Phase) && state.RecordExists)
        {
            return CommandResult.Conflict($"Session '{Id}' is {state.State.Phase.ToString().ToLowerInvariant()} and can no longer be changed.");
        }

        var errors = await CheckReferences(spec);
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }

        var previousDay = state.State.Spec is { } previous ? ParliamentTime.DayOf(previous.ScheduledStart) : (DateOnly?)null;
        await state.Commit(new SessionState
        {
            Spec = spec,
            Phase = state.State.Phase,
            PhaseReason = state.State.PhaseReason,
            History = state.State.History,
            UpdatedAt = clock.GetUtcNow(),
        });

        var day = ParliamentTime.DayOf(spec.ScheduledStart);
        await GrainFactory.GetGrain<ICatalogGrain>(Catalog.SessionsOn(day)).Add(Id);
        if (previousDay is { } moved && moved != day)
        {
            await GrainFactory.GetGrain<ICatalogGrain>(Catalog.SessionsOn(moved)).Remove(Id);
        }

        await GrainFactory.GetGrain<ICatalogGrain>(Catalog.Sessions).Add(Id);
        TellBoard();
        return CommandResult.Ok;
    }

    public Task<Session?> Get() => Task.FromResult(state.State.Spec is { } spec ? View(spec) : null);

    public async Task<CommandResult> ChangePhase(PhaseRequest request)
    {
        if (state.State.Spec is null)
        {
            return CommandResult.NotFound($"There is no session '{Id}'.");
        }

        var from = state.State.Phase;
        if (from == request.Phase)
        {
            // A retried request finds the work done.
            return CommandResult.Ok;
        }

        if (!SessionPhases.CanMove(from, request.Phase))
        {
            var allowed = SessionPhases.Allowed(from);
            return CommandResult.Conflict(
                $"Session '{Id}' is {Camel(from)} and cannot move to {Camel(request.Phase)}. " +
                (allowed.Length == 0 ? "It can no longer change phase." : $"Allowed: {string.Join(", ", allowed.Select(Camel))}."));
        }

        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        if (SessionPhases.NeedsReason(request.Phase) && reason is null)
        {
            return CommandResult.Invalid("reason", $"A reason is required to move a session to {Camel(request.Phase)}.");
        }

        var now = clock.GetUtcNow();
        var change = new PhaseChange(from, request.Phase, now, request.By.Name, reason, request.Override);
        await state.Commit(new SessionState
        {
            Spec = state.State.Spec,
            Phase = request.Phase,
            PhaseReason = reason,
            History = [.. state.State.History, change],
            UpdatedAt = now,
        });
        TellBoard();
        return CommandResult.Ok;
    }

    /// <summary>One-way: the board may be asking this grain for the session at this very moment.</summary>
    private void TellBoard() => _ = GrainFactory.GetGrain<ISessionBoardGrain>(Id).SessionChanged(View(state.State.Spec!));

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
            errors["hallVenueId"] = [$"Venue '{spec.HallVenueId}' is a {Camel(hall.Kind)}, not a hall or meeting room."];
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

    private Session View(SessionSpec spec) => new(
        Id, spec.Title, spec.Kind, spec.Format, spec.HallVenueId, spec.ScheduledStart, spec.ScheduledEnd,
        spec.ConnectionPointIds, spec.DelegateIds, spec.Quorum,
        state.State.Phase, state.State.PhaseReason, state.State.History, state.State.UpdatedAt);

    private static string Camel<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
