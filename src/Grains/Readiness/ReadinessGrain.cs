using SessionOps.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using SessionOps.Boards;
using SessionOps.ConnectionPoints;
using SessionOps.Delegates;
using SessionOps.Incidents;
using SessionOps.Journals;
using SessionOps.Reports;
using SessionOps.Security;
using SessionOps.Sessions;
using SessionOps.Venues;

namespace SessionOps.Readiness;

[GenerateSerializer, Alias("SessionOps.ReadinessGrainState")]
public sealed class ReadinessGrainState : IKeptHistory<ReadinessCheck>
{
    /// <summary>The latest checks (<see cref="KeptHistory.KeptCount"/>); the journal has them all, but for those in Unjournaled.</summary>
    [Id(0)] public List<ReadinessCheck> Checks { get; set; } = [];

    /// <summary>The deadline whose pending items have been turned into incidents, so that it is chased once.</summary>
    [Id(1)] public DateTimeOffset? DeadlineHandled { get; set; }

    /// <summary>Each item's latest check: what the checklist says now.</summary>
    [Id(2)] public List<ReadinessCheck> Latest { get; set; } = [];

    [Id(3)] public bool ChecksJournaled { get; set; }

    [Id(4)] public List<ReadinessCheck> Unjournaled { get; set; } = [];

    List<ReadinessCheck> IKeptHistory<ReadinessCheck>.Kept { get => Checks; set => Checks = value; }

    bool IKeptHistory<ReadinessCheck>.KeptJournaled { get => ChecksJournaled; set => ChecksJournaled = value; }
}

/// <summary>
/// A session's checklist. The items come from the session's make-up and the configuration, and are generated again
/// whenever the session changes; every check is kept, in the session's journal stream (the state keeps each item's
/// latest check and the latest few). The deadline is a durable reminder, so a
/// restart or the loss of a silo does not lose it.
/// </summary>
public sealed class ReadinessGrain(
    [PersistentState("readiness", StorageNames.Main)] IPersistentState<ReadinessGrainState> state,
    TimeProvider clock,
    IOptions<ReadinessOptions> options,
    IOptions<SecurityOptions> security,
    SessionOps.Push.PushTargets pushTargets,
    IEventJournal journal,
    Serializer serializer,
    ILogger<ReadinessGrain> logger) : Grain, IReadinessGrain, IRemindable
{
    private const string DeadlineReminder = "deadline";

    private Session? _session;
    private Slot[] _slots = [];

    private sealed record Slot(CheckTarget TargetType, string TargetId, string TargetName, ChecklistItemOptions Kind, bool Private = false);

    private string Id => this.GetPrimaryKeyString();

    private KeptHistory<ReadinessGrainState, ReadinessCheck> Recorded => new(state, journal, serializer, $"readiness/{Id}", logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A state from before the journal kept every check: each item's latest is found among them once.
        if (!state.State.ChecksJournaled && state.State.Latest.Count == 0)
        {
            state.State.Latest = [.. state.State.Checks.GroupBy(c => (c.TargetType, c.TargetId, c.Item)).Select(g => g.Last())];
        }

        return base.OnActivateAsync(cancellationToken);
    }

    private ReadinessOptions Options => options.Value;

    public async Task<SessionReadiness?> Get()
    {
        await EnsureBuilt();
        return _session is null ? null : await Snapshot();
    }

    public async Task<CheckOwner?> OwnerOf(CheckTarget targetType, string targetId, string item)
    {
        await EnsureBuilt();
        return Find(targetType, targetId, item)?.Kind.Owner;
    }

    public async Task<CheckOutcome> Record(CheckRequest request)
    {
        await EnsureBuilt();
        if (_session is null)
        {
            return new(CommandResult.NotFound($"There is no session '{Id}'."), null);
        }

        if (RepeatedRequests.AlreadyIn(state.State.Checks, c => c.RequestId, request.RequestId))
        {
            // Recorded by the first attempt, whose answer was lost: answered as then, recorded once.
            return new(CommandResult.Ok, await Snapshot());
        }

        if (Find(request.TargetType, request.TargetId, request.Item) is null)
        {
            return new(CommandResult.Invalid("item",
                $"Session '{Id}' has no item '{request.Item}' for {EnumText.Camel(request.TargetType)} '{request.TargetId}'."), null);
        }

        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (request.Status == CheckStatus.Waived && note is null)
        {
            return new(CommandResult.Invalid("note", "A waiver must say why, in the note."), null);
        }

        if (SessionPhases.IsFinal(_session.Phase))
        {
            return new(CommandResult.Conflict($"Session '{Id}' is {EnumText.Camel(_session.Phase)}; its checklist is closed."), null);
        }

        var check = new ReadinessCheck(request.TargetType, request.TargetId, request.Item, request.Status, request.By.Name, clock.GetUtcNow(), note, request.RequestId);
        var latest = state.State.Latest;
        state.State.Latest = [.. latest.Where(c => !SameItem(c, check)), check];
        try
        {
            await Recorded.Record(check);
        }
        catch
        {
            state.State.Latest = latest;
            throw;
        }

        TellBoard();
        if (Items().FirstOrDefault(i => i.TargetType == check.TargetType && i.TargetId == check.TargetId && i.Item == check.Item) is { } changed)
        {
            foreach (var observer in await pushTargets.Current())
            {
                _ = observer.ReadinessItemChanged(Id, changed);
            }
        }

        var snapshot = await Snapshot();
        await GrainFactory.Tell(Id, logger,
            SittingEvent.Checked(check.TargetId, check.Item, EnumText.Camel(check.Status), check.By, check.At),
            SittingEvent.ReadinessAt(snapshot.State, snapshot.Percent, check.At));
        return new(CommandResult.Ok, snapshot);
    }

    public Task<ReadinessCheck[]> History() => Recorded.All();

    private static bool SameItem(ReadinessCheck a, ReadinessCheck b) =>
        a.TargetType == b.TargetType && a.TargetId == b.TargetId && a.Item == b.Item;

    public async Task SessionChanged()
    {
        await Build();
        TellBoard();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await EnsureBuilt();
        await ChaseDeadline();
    }

    private async Task EnsureBuilt()
    {
        if (_session is null)
        {
            await Build();
        }
    }

    /// <summary>The checklist from the session's make-up: the items of each point, of the hall, and of every venue.</summary>
    private async Task Build()
    {
        _session = await GrainFactory.GetGrain<ISessionGrain>(Id).Get();
        if (_session is null)
        {
            _slots = [];
            return;
        }

        var slots = new List<Slot>();
        var points = await Task.WhenAll(_session.ConnectionPointIds.Select(id => GrainFactory.GetGrain<IConnectionPointGrain>(id).Get()));
        foreach (var point in points.OfType<ConnectionPoint>())
        {
            slots.AddRange(Options.ConnectionPointItems.Select(k => new Slot(CheckTarget.ConnectionPoint, point.Id, point.Name, k)));
        }

        var delegates = await Task.WhenAll(_session.DelegateIds.Select(id => GrainFactory.GetGrain<IDelegateGrain>(id).Get()));
        var venueIds = new[] { _session.HallVenueId }
            .Concat(delegates.Select(d => d?.LodgingVenueId).OfType<string>())
            .Concat(_session.VenueIds ?? [])
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var venues = await Task.WhenAll(venueIds.Select(id => GrainFactory.GetGrain<IVenueGrain>(id).Get()));
        foreach (var venue in venues.OfType<Venue>())
        {
            var kinds = venue.Id == _session.HallVenueId ? Options.HallItems.Concat(Options.VenueItems) : Options.VenueItems;
            slots.AddRange(kinds.Select(k => new Slot(CheckTarget.Venue, venue.Id, venue.Name, k, Private: venue.Kind == VenueKind.Lodging)));
        }

        _slots = [.. slots];
        await ScheduleDeadline();
    }

    private Slot? Find(CheckTarget targetType, string targetId, string item) =>
        _slots.FirstOrDefault(s => s.TargetType == targetType && s.TargetId == targetId && s.Kind.Item == item);

    private ReadinessItem[] Items()
    {
        var now = clock.GetUtcNow();
        var latest = state.State.Latest.ToDictionary(c => (c.TargetType, c.TargetId, c.Item));
        return _slots.Select(slot =>
        {
            var check = latest.GetValueOrDefault((slot.TargetType, slot.TargetId, slot.Kind.Item));
            var item = new ReadinessItem(slot.TargetType, slot.TargetId, slot.TargetName, slot.Kind.Item, slot.Kind.Required, slot.Kind.Owner,
                check?.Status ?? CheckStatus.Pending, check?.By, check?.At, check?.Note, Private: slot.Private);
            return ReadinessRules.Effective(item, now, Options.DryRunValidity, security.Value.SweepValidity);
        }).ToArray();
    }

    private async Task<SessionReadiness> Snapshot()
    {
        var items = Items();
        var points = await Task.WhenAll(_session!.ConnectionPointIds.Select(id => GrainFactory.GetGrain<IConnectionPointGrain>(id).Get()));
        var (readiness, percent, blocking) = ReadinessRules.Evaluate(items, points.OfType<ConnectionPoint>().Select(p => (p.Id, p.Health)));
        return new SessionReadiness(Id, readiness, percent, items, blocking, Deadline);
    }

    private DateTimeOffset Deadline => _session!.ScheduledStart - Options.DeadlineBeforeStart;

    private void TellBoard()
    {
        if (_session is not null)
        {
            _ = GrainFactory.GetGrain<ISessionBoardGrain>(Id).ReadinessChanged(Items());
        }
    }

    /// <summary>A reminder at the deadline; one that has already passed is given a minute, so that people can still record.</summary>
    private async Task ScheduleDeadline()
    {
        try
        {
            if (!IsChased(_session!) || state.State.DeadlineHandled == Deadline)
            {
                if (await this.GetReminder(DeadlineReminder) is { } stale)
                {
                    await this.UnregisterReminder(stale);
                }

                return;
            }

            var due = Deadline - clock.GetUtcNow();
            await this.RegisterOrUpdateReminder(DeadlineReminder, due > TimeSpan.Zero ? due : TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Session {Session}: the readiness deadline could not be scheduled", Id);
        }
    }

    /// <summary>Deadlines matter while the sitting is still to come.</summary>
    private bool IsChased(Session session) =>
        session.Phase is SessionPhase.Scheduled or SessionPhase.Preparing or SessionPhase.Ready && clock.GetUtcNow() < session.ScheduledEnd;

    /// <summary>At the deadline every target with a required item still pending raises an incident, once.</summary>
    private async Task ChaseDeadline()
    {
        if (_session is null || clock.GetUtcNow() < Deadline)
        {
            return;
        }

        if (IsChased(_session) && state.State.DeadlineHandled != Deadline)
        {
            foreach (var target in Items().Where(i => i.Required && i.Status == CheckStatus.Pending).GroupBy(i => (i.TargetType, i.TargetId, i.TargetName, i.Owner)))
            {
                var names = string.Join(", ", target.Select(i => i.Item));
                var opening = new IncidentOpening(
                    Id,
                    target.Key.Owner == CheckOwner.Security ? IncidentKind.Security : IncidentKind.Readiness,
                    IncidentSeverity.Major,
                    EnumText.Camel(target.Key.TargetType),
                    target.Key.TargetId,
                    target.Key.TargetName,
                    Health: null,
                    AffectedDelegates: 0,
                    $"Readiness deadline passed: {target.Count()} required checks not done at {target.Key.TargetName} ({names}).",
                    Cause: IncidentCause.Overdue);
                var incident = await GrainFactory.GetGrain<ITargetIncidentsGrain>(IncidentKeys.Of(opening)).Raise(opening);
                _ = GrainFactory.GetGrain<ISessionBoardGrain>(Id).IncidentChanged(incident.AsShown());
            }

            // Told before the deadline is marked handled: a write that fails is tried again at the next reminder, and
            // the outbox knows the notification by its id.
            var readiness = await Snapshot();
            if (readiness.State != ReadinessState.Go)
            {
                GrainFactory.Notification(logger, new Notification(
                    $"nogo-{Id}-{Deadline.ToUnixTimeSeconds()}", NotificationEvent.ReadinessNoGo, clock.GetUtcNow(), IncidentSeverity.Major, [],
                    new NotifiedSession(Id, _session.Title, _session.Kind, _session.Phase, _session.ScheduledStart,
                        ReadinessPercent: readiness.Percent, Blocking: readiness.Blocking.Length),
                    Incident: null));
            }

            state.State.DeadlineHandled = Deadline;
            await state.WriteStateAsync();
        }

        if (await this.GetReminder(DeadlineReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
