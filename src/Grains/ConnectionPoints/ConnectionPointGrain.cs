using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionOps.Boards;
using Orleans.Serialization;
using SessionOps.Catalogs;
using SessionOps.Journals;
using SessionOps.Operations;

namespace SessionOps.ConnectionPoints;

[GenerateSerializer, Alias("SessionOps.ConnectionPointState")]
public sealed class ConnectionPointState
{
    [Id(0)] public ConnectionPointSpec? Spec { get; set; }
    [Id(1)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(2)] public LinkHealth Health { get; set; }
    [Id(3)] public DateTimeOffset? HealthSince { get; set; }
    [Id(4)] public DateTimeOffset? LastHeartbeatAt { get; set; }
    [Id(5)] public Heartbeat? Latest { get; set; }
    [Id(6)] public long? LastSeq { get; set; }

    /// <summary>The sessions whose boards hear of this point's health changes.</summary>
    [Id(7)] public HashSet<string> Sessions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The latest changes of health (at most <see cref="ConnectionPointGrain.TransitionsKept"/>); all of them are in the
    /// journal, a stream per point and day, so that a point that flaps all day does not rewrite its day with every save.
    /// </summary>
    [Id(8)] public List<HealthTransition> Transitions { get; set; } = [];

    /// <summary>The agent's current start (its <c>bootId</c>): a new one starts the <c>seq</c> order afresh.</summary>
    [Id(9)] public string? BootId { get; set; }

    /// <summary>Starts the agent has left behind: their late heartbeats are ignored, they never restart the order.</summary>
    [Id(10)] public List<string> PastBoots { get; set; } = [];

    /// <summary>False for a state from before the journal: its first change journals the transitions kept until then.</summary>
    [Id(11)] public bool TransitionsJournaled { get; set; }
}

/// <summary>
/// One connection point and its link health: the hot path. A heartbeat is folded into memory; only a change of
/// health leaves the grain (a durable write, and a one-way note to each attached session's board). Silence is
/// noticed here, by a timer due when the point would have been silent for <c>Health:OfflineAfter</c>. After the silo
/// it lived on is lost, the cluster wakes it again (<see cref="ConnectionPointWatch"/>).
/// </summary>
public sealed class ConnectionPointGrain : Grain, IConnectionPointGrain, IRemindable
{
    /// <summary>The reminder each point kept in earlier releases; retired when it fires.</summary>
    private const string RetiredWatchReminder = "watch";
    public const int TransitionsKept = 100;

    /// <summary>How many days of transitions one read may cover (the timeline reads a sitting's days).</summary>
    private const int MaxDaysRead = 31;
    private const int PastBootsKept = 8;

    private readonly IPersistentState<ConnectionPointState> _state;
    private readonly TimeProvider _clock;
    private readonly HealthOptions _options;
    private readonly ILogger<ConnectionPointGrain> _logger;
    private readonly IEventJournal _journal;
    private readonly Serializer _serializer;
    private readonly SampleHistory _samples;
    private HealthTracker _tracker = new(LinkHealth.Unknown);
    private DateTimeOffset _heardAt;
    /// <summary>When unsaved heartbeats are next saved: <see cref="_saveEvery"/> after a save, sooner after a failed one.</summary>
    private DateTimeOffset _saveDueAt;
    private bool _dirty;
    private TimeSpan _saveEvery;

    /// <summary>Heartbeats reached this activation: its samples and hysteresis are in memory, worth keeping.</summary>
    private bool _heardHere;
    private IGrainTimer _watch = null!;

    /// <summary>
    /// The state's saves and the journal's entries under way, in order (two saves at once would both claim one stored
    /// version): a change of health is saved after its heartbeat is answered.
    /// </summary>
    private Task _stored = Task.CompletedTask;

    /// <summary>The sittings' records being told of changes, in order; no save waits for them.</summary>
    private Task _told = Task.CompletedTask;

    /// <summary>A save waits in <see cref="_stored"/>: the timer does not queue another while it waits.</summary>
    private bool _saveQueued;

    /// <summary>When the watch timer ticks next; null while it is stopped (nothing can fall silent, nothing to save).</summary>
    private DateTimeOffset? _nextWatch;

    public ConnectionPointGrain(
        [PersistentState("connectionPoint", StorageNames.Main)] IPersistentState<ConnectionPointState> state,
        TimeProvider clock,
        IOptions<HealthOptions> options,
        ILogger<ConnectionPointGrain> logger,
        IEventJournal journal,
        Serializer serializer)
    {
        _journal = journal;
        _serializer = serializer;
        _state = state;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
        _samples = new SampleHistory(_options);
    }

    private ConnectionPointState State => _state.State;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tracker = new HealthTracker(State.Health);
        // Silence is counted from now, not from before the restart: agents get a full period to be heard again.
        _heardAt = _clock.GetUtcNow();
        // Thousands of points woken together must not save together: each saves on a schedule of its own.
        _saveEvery = TimeSpan.FromTicks((long)(_options.SaveEvery.Ticks * (0.75 + (0.5 * Random.Shared.NextDouble()))));
        _saveDueAt = _heardAt + _saveEvery;
        _watch = this.RegisterGrainTimer(_ => Watch(),
            new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        ScheduleWatch(_heardAt);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await Settled(_stored);
        await Settled(_told);
        if (_dirty)
        {
            await Save();
        }
    }

    public async Task<CommandResult> Define(ConnectionPointSpec spec)
    {
        if (!spec.SameAs(State.Spec))
        {
            var (previousSpec, previousUpdatedAt) = (State.Spec, State.UpdatedAt);
            // Its own write: one of a change's writes still under way would hold the stored version it replaces.
            await Settled(_stored);
            State.Spec = spec;
            State.UpdatedAt = _clock.GetUtcNow();
            try
            {
                await _state.WriteStateAsync();
            }
            catch
            {
                (State.Spec, State.UpdatedAt) = (previousSpec, previousUpdatedAt);
                throw;
            }
        }

        await GrainFactory.GetGrain<ICatalogGrain>(Catalog.ConnectionPoints).Add(Id);
        return CommandResult.Ok;
    }

    public Task<ConnectionPoint?> Get() => Task.FromResult(View());

    /// <summary>An agent restarted: its <c>seq</c> starts again, and the start it left is never taken back.</summary>
    private void StartNewBoot(string boot)
    {
        if (State.BootId is { } previous)
        {
            State.PastBoots.Add(previous);
            if (State.PastBoots.Count > PastBootsKept)
            {
                State.PastBoots.RemoveAt(0);
            }
        }

        State.BootId = boot;
        State.LastSeq = null;
    }

    /// <summary>A batch in <c>seq</c> order within each start of the agent, the starts in the order they first appear.</summary>
    private static IEnumerable<Heartbeat> InOrder(Heartbeat[] heartbeats) =>
        heartbeats.Select((h, i) => (h, i))
            .GroupBy(x => x.h.BootId)
            .OrderBy(g => g.Min(x => x.i))
            .SelectMany(g => g.Select(x => x.h).OrderBy(h => h.Seq));

    public Task<HeartbeatReceipt> Receive(Heartbeat[] heartbeats)
    {
        if (State.Spec is null)
        {
            return Task.FromResult(new HeartbeatReceipt(PointExists: false, 0, 0));
        }

        var now = _clock.GetUtcNow();
        var previous = _tracker.Current;
        int applied = 0, ignored = 0;
        foreach (var heartbeat in heartbeats.Length == 1 ? heartbeats : InOrder(heartbeats))
        {
            if (heartbeat.BootId is { } boot && boot != State.BootId)
            {
                if (State.PastBoots.Contains(boot))
                {
                    ignored++;
                    continue;
                }

                StartNewBoot(boot);
            }

            if (State.LastSeq is { } last && heartbeat.Seq <= last)
            {
                ignored++;
                continue;
            }

            var rated = LinkHealthRules.Rate(heartbeat, _options);
            _samples.Add(now, heartbeat, rated);
            _tracker.Observe(rated, _options);
            State.LastSeq = heartbeat.Seq;
            State.Latest = heartbeat;
            applied++;
        }

        if (applied > 0)
        {
            State.LastHeartbeatAt = _heardAt = now;
            _dirty = _heardHere = true;
            ApplyHealth(previous, now);
            // A resting timer starts, one set for a later save comes forward to the silence deadline; a timer already
            // due at an earlier deadline is left alone: it finds the new one when it ticks.
            WatchSoonerIfDue(_clock.GetUtcNow());
        }

        return Task.FromResult(new HeartbeatReceipt(PointExists: true, applied, ignored));
    }

    public async Task<HealthTransition[]> GetTransitions(DateTimeOffset from, DateTimeOffset to)
    {
        // The changes just made are in the journal before it is read (more than the state keeps may be under way).
        await Settled(_stored);
        // The day before too: the health at the window's start is the last change before it.
        var last = to.UtcDateTime.Date;
        var first = from > to || to - from > TimeSpan.FromDays(MaxDaysRead) ? last.AddDays(-MaxDaysRead) : from.UtcDateTime.Date.AddDays(-1);

        var journaled = new List<HealthTransition>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            foreach (var entry in await _journal.Read(StreamOf(day)))
            {
                journaled.Add(_serializer.Deserialize<HealthTransition>(entry)!);
            }
        }

        // The kept ones as well: a change whose journal entry could not be written is still here.
        return [.. journaled.Concat(State.Transitions).Where(t => t.At <= to).Distinct().OrderBy(t => t.At)];
    }

    private string StreamOf(DateTime utcDay) => $"health:{Id}:{utcDay:yyyy-MM-dd}";

    /// <summary>
    /// Journals changes of health, after the state and the boards have them. A journal that cannot be written loses
    /// nothing recent: the state keeps the latest changes.
    /// </summary>
    private async Task Journal(List<HealthTransition> transitions)
    {
        try
        {
            foreach (var day in transitions.GroupBy(t => t.At.UtcDateTime.Date))
            {
                await _journal.Append(StreamOf(day.Key), [.. day.Select(t => _serializer.SerializeToArray(t))]);
            }
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Connection point {Id}: a change of health could not be journaled; the latest are kept in its state", Id);
        }
    }

    public Task<SampleBucket[]> GetSamples() => Task.FromResult(_samples.Snapshot(_clock.GetUtcNow()));

    public Task<LiveFigures?> GetLive(int buckets) =>
        Task.FromResult(View() is { } view ? LiveFigures.Of(view, _samples.Recent(_clock.GetUtcNow(), buckets)) : null);

    public async Task<ConnectionPoint?> AttachTo(string sessionId)
    {
        if (State.Sessions.Add(sessionId))
        {
            await Save();
        }

        return View();
    }

    public async Task DetachFrom(string sessionId)
    {
        if (State.Sessions.Remove(sessionId))
        {
            await Save();
        }
    }

    /// <summary>
    /// Activated, the point watches for silence again. One that cannot fall silent (unknown, offline), has nothing to
    /// save and was not heard in this activation (no samples for a sparkline) leaves at once: waking the fleet keeps no
    /// idle point in memory.
    /// </summary>
    public Task Wake()
    {
        if (!_heardHere && !Watched(_tracker.Current) && !_dirty)
        {
            this.DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // The only reminder a point ever had: an earlier release's, which removes itself here.
        if (reminderName != RetiredWatchReminder)
        {
            return;
        }

        try
        {
            if (await this.GetReminder(RetiredWatchReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception exception)
        {
            _logger.LogInformation(exception, "Connection point {Id}: its retired watch reminder could not be removed; it fires again in a minute", Id);
        }
    }

    /// <summary>The timer's tick: silence turns the point offline; unsaved heartbeats are saved now and then.</summary>
    private async Task Watch()
    {
        try
        {
            var now = _clock.GetUtcNow();
            if (Watched(_tracker.Current) && now - _heardAt >= _options.OfflineAfter)
            {
                var previous = _tracker.Current;
                _tracker.Silent();
                ApplyHealth(previous, now);
            }
            else if (_dirty && !_saveQueued && now >= _saveDueAt)
            {
                // Not awaited: a save held up by storage must not hold up the heartbeats behind this tick.
                _ = Save();
            }
        }
        finally
        {
            // Whatever happened, the timer is set again from what is now true (a tick that set nothing stops it).
            _nextWatch = null;
            ScheduleWatch(_clock.GetUtcNow());
        }
    }

    /// <summary>The next tick if it is sooner than the one set (or none is set).</summary>
    private void WatchSoonerIfDue(DateTimeOffset now)
    {
        if (NextWatch() is { } next && (_nextWatch is null || next < _nextWatch))
        {
            ScheduleWatch(now);
        }
    }

    /// <summary>
    /// The next tick: when the point would have been silent for <c>OfflineAfter</c> (a heartbeat before then moves the
    /// deadline; the tick finds it and waits again), or when unsaved heartbeats are due to be saved; none when neither.
    /// A steadily heard point ticks once per <c>OfflineAfter</c>, and goes offline at its deadline, not up to a period
    /// after it.
    /// </summary>
    private void ScheduleWatch(DateTimeOffset now)
    {
        var next = NextWatch();
        if (next == _nextWatch)
        {
            return;
        }

        _nextWatch = next;
        var due = next is { } at ? TimeSpan.FromTicks(Math.Max((at - now).Ticks, MinimumWait.Ticks)) : Timeout.InfiniteTimeSpan;
        _watch.Change(due, Timeout.InfiniteTimeSpan);
    }

    private DateTimeOffset? NextWatch()
    {
        DateTimeOffset? next = Watched(_tracker.Current) ? _heardAt + _options.OfflineAfter : null;
        return _dirty && !_saveQueued && (next is null || _saveDueAt < next) ? _saveDueAt : next;
    }

    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(10);

    /// <summary>How soon a save that failed is tried again.</summary>
    private static readonly TimeSpan SaveRetry = TimeSpan.FromSeconds(2);

    /// <summary>
    /// If the tracker moved: the state takes the change and the boards are told at once; the change's writes follow
    /// without the heartbeat that brought it waiting: the save and the journal entry in order with the point's other
    /// saves, the sittings' records in order with each other (no save waits for them). Health is
    /// in memory, where every read finds it; a write that fails is logged and tried again, never the heartbeat's error.
    /// Awaited, the writes made the deciding heartbeat wait for storage and for the records while the boards' pushes
    /// took the same core (docs/benchmarks.md, session 10).
    /// </summary>
    private void ApplyHealth(LinkHealth previous, DateTimeOffset now)
    {
        if (_tracker.Current == State.Health)
        {
            return;
        }

        SessionOpsMetrics.HealthTransitions.Add(1,
            new KeyValuePair<string, object?>("from", State.Health.ToString()), new KeyValuePair<string, object?>("to", _tracker.Current.ToString()));
        var transition = new HealthTransition(now, State.Health, _tracker.Current);
        State.Transitions.Add(transition);
        // A state from before the journal journals all it kept, once (marked now, saved with this change).
        List<HealthTransition> journaled = State.TransitionsJournaled ? [transition] : [.. State.Transitions];
        State.TransitionsJournaled = true;
        if (State.Transitions.Count > TransitionsKept)
        {
            State.Transitions.RemoveRange(0, State.Transitions.Count - TransitionsKept);
        }

        State.Health = _tracker.Current;
        State.HealthSince = now;
        _dirty = true;

        // The boards first: the live status must not wait for the records. Told after them, a fleet-wide change
        // (a thousand points online at once) reached the boards only as fast as one sitting's record took the
        // thousand facts, one write each, and the boards pushed for seconds after (docs/benchmarks.md, session 9).
        var view = View()!;
        foreach (var sessionId in State.Sessions)
        {
            _ = GrainFactory.GetGrain<ISessionBoardGrain>(sessionId).PointChanged(view, previous);
        }

        _saveQueued = true;
        _stored = SaveAndJournal(_stored, journaled);
        _told = TellRecords(_told, SessionOps.Reports.SittingEvent.HealthOf(view, previous, now), [.. State.Sessions]);
    }

    /// <summary>A change saved and journaled, after the saves and entries before it.</summary>
    private async Task SaveAndJournal(Task before, List<HealthTransition> journaled)
    {
        await Settled(before);
        await SaveNow();
        await Journal(journaled);
    }

    /// <summary>
    /// Each sitting watching the point keeps the change in its record, for its after-action report (a record that
    /// cannot be written is logged, never a reason to refuse the heartbeat that brought the change).
    /// </summary>
    private async Task TellRecords(Task before, SessionOps.Reports.SittingEvent fact, string[] sessions)
    {
        await Settled(before);
        await Task.WhenAll(sessions.Select(sessionId => SessionOps.Reports.SittingRecords.Tell(GrainFactory, sessionId, _logger, fact)));
    }

    /// <summary>The writes so far have ended (they log their own failures); the grain's turn goes on where it was.</summary>
    private static async Task Settled(Task writes) =>
        await writes.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);

    private static bool Watched(LinkHealth health) => health is LinkHealth.Online or LinkHealth.Degraded;

    /// <summary>A save in turn after those under way (one already waiting will save the latest state).</summary>
    private Task Save()
    {
        if (!_saveQueued)
        {
            _saveQueued = true;
            _stored = SaveAfter(_stored);
        }

        return _stored;
    }

    private async Task SaveAfter(Task before)
    {
        await Settled(before);
        await SaveNow();
    }

    private async Task SaveNow()
    {
        try
        {
            // Unsaved from the moment the state is serialized: a heartbeat folded while the write is under way (the
            // grain takes them while a change is written) is saved by a later save.
            _dirty = _saveQueued = false;
            await _state.WriteStateAsync();
            _saveDueAt = _clock.GetUtcNow() + _saveEvery;
        }
        catch (Exception exception)
        {
            // Health lives on in memory and a tick tries again soon; a heartbeat never fails for storage.
            _dirty = true;
            var now = _clock.GetUtcNow();
            _saveDueAt = now + SaveRetry;
            WatchSoonerIfDue(now);
            _logger.LogWarning(exception, "Connection point {Id}: state could not be saved", Id);
        }
    }

    private ConnectionPoint? View()
    {
        if (State.Spec is not { } spec)
        {
            return null;
        }

        var latest = State.Latest;
        return new ConnectionPoint(
            Id, spec.Name, spec.Province, spec.Kind, State.Health, State.LastHeartbeatAt, State.UpdatedAt,
            State.HealthSince, latest?.LatencyMs, latest?.JitterMs, latest?.PacketLossPct, latest is { BitrateUnknown: true } ? null : latest?.BitrateKbps,
            latest is { AvUnknown: true } ? null : latest?.Audio, latest is { AvUnknown: true } ? null : latest?.Video,
            State.LastSeq, spec.Contacts, spec.Backup);
    }
}
