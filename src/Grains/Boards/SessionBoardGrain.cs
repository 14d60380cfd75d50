using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionOps.Catalogs;
using SessionOps.ConnectionPoints;
using SessionOps.Delegates;
using SessionOps.Incidents;
using SessionOps.Operations;
using SessionOps.Push;
using SessionOps.Readiness;
using SessionOps.Security;
using SessionOps.Sessions;

namespace SessionOps.Boards;

/// <summary>
/// Folds what happens to a session into its board: the phase from the session, health changes from its points,
/// incidents. Raises an incident when a point goes bad during preparation or the sitting. Pushes
/// <c>ConnectionPointChanged</c> and <c>IncidentChanged</c> at once and <c>BoardUpdated</c> coalesced, the latest board
/// winning. It keeps nothing in storage: when it wakes it rebuilds itself from the grains that own the facts.
/// </summary>
[GenerateSerializer, Alias("SessionOps.BoardEpochState")]
public sealed class BoardEpochState
{
    /// <summary>How many times the board has been activated: the high part of every version it gives.</summary>
    [Id(0)] public long Epoch { get; set; }
}

public sealed class SessionBoardGrain(
    [PersistentState("boardEpoch", StorageNames.Main)] IPersistentState<BoardEpochState> epoch,
    TimeProvider clock,
    PushTargets pushTargets,
    IOptions<PushOptions> pushOptions,
    IOptions<ReadinessOptions> readinessOptions,
    IOptions<SecurityOptions> securityOptions,
    ILogger<SessionBoardGrain> logger) : Grain, ISessionBoardGrain
{
    private readonly Dictionary<string, ConnectionPoint> _points = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Incident> _incidents = new(StringComparer.Ordinal);
    private Dictionary<string, DelegateSummary> _delegates = new(StringComparer.Ordinal);
    private ReadinessItem[] _readiness = [];
    private PlenaryDay? _plenaryDay;
    private readonly Dictionary<string, RouteSummary> _routes = new(StringComparer.Ordinal);
    /// <summary>Each delegate's latest attendance mark.</summary>
    private Dictionary<string, AttendanceMark> _latestMarks = new(StringComparer.Ordinal);
    private HashSet<string> _delegateIds = new(StringComparer.Ordinal);

    /// <summary>Who each point keeps from the sitting, worked out once per change of attendance or make-up.</summary>
    private readonly Dictionary<string, AffectedDelegate[]> _affected = new(StringComparer.Ordinal);
    private (Dictionary<string, List<string>> OnlineAt, Dictionary<string, List<string>> WaitingFrom)? _whoIsWhere;
    private Session? _session;
    private SessionBoard? _board;

    /// <summary>Something changed since <see cref="_board"/> was built: it is built again only when sent or read.</summary>
    private bool _stale;
    private long _version;
    private DateTimeOffset _pushedAt = DateTimeOffset.MinValue;
    private IGrainTimer? _pushTimer;

    private string Id => this.GetPrimaryKeyString();

    /// <summary>
    /// Versions are this activation's epoch and a counter, never a clock: a board rebuilt on another silo (whose clock
    /// may lag) still gives versions above every version before it. The base keeps them above the clock-based
    /// versions of earlier releases, which screens and Gateways may still hold.
    /// </summary>
    private const long VersionBase = 2_000_000_000_000_000;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        SessionOpsMetrics.OfflineInLiveSitting(Id, 0);
        return Task.CompletedTask;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        epoch.State.Epoch++;
        await epoch.WriteStateAsync(cancellationToken);
        _version = VersionBase + (epoch.State.Epoch << 32);
    }

    public async Task<SessionBoard?> Get()
    {
        await EnsureLoaded();
        return CurrentBoard();
    }

    public async Task<LiveFigures[]> Live(int buckets)
    {
        var ids = _session?.ConnectionPointIds ?? (await GrainFactory.GetGrain<ISessionGrain>(Id).Get())?.ConnectionPointIds ?? [];
        var live = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IConnectionPointGrain>(id).GetLive(buckets)));
        return [.. live.OfType<LiveFigures>()];
    }

    public async Task SessionChanged(Session session)
    {
        if (_session is null)
        {
            await Load(session);
        }
        else
        {
            await Apply(session);
        }

        await Changed();
    }

    public async Task PointChanged(ConnectionPoint point, LinkHealth previous)
    {
        await EnsureLoaded();
        if (_session is null || !_points.ContainsKey(point.Id) || IsOver(_session))
        {
            // No longer one of this session's points, or the sitting is over (closed, or its last day has passed
            // without it sitting): stop hearing of it.
            await GrainFactory.GetGrain<IConnectionPointGrain>(point.Id).DetachFrom(Id);
            return;
        }

        if (_points[point.Id].HealthSince is { } known && point.HealthSince is { } told && told < known)
        {
            // A note that overtook a newer one (one-way messages, or two activations of the point during a failover).
            logger.LogDebug("Board {Session}: dropped a stale note of point {Point}", Id, point.Id);
            return;
        }

        _points[point.Id] = point;
        await Publish(o => o.ConnectionPointChanged(ToChange(point, previous)));
        await FollowWithIncident(point);
        await Changed();
    }

    public async Task IncidentChanged(Incident incident)
    {
        await EnsureLoaded();
        incident = incident.AsShown();
        _incidents[incident.Id] = incident;
        await Publish(o => o.IncidentChanged(incident));
        await Changed();
    }

    public async Task RouteChanged(RouteSummary route)
    {
        await EnsureLoaded();
        if (_session is null || !_delegateIds.Contains(route.DelegateId))
        {
            return;
        }

        _routes[route.DelegateId] = route;
        await Publish(o => o.RouteChanged(Id, route));
        await Changed();
    }

    public async Task AttendanceChanged(AttendanceMark mark)
    {
        await EnsureLoaded();
        if (_latestMarks.TryGetValue(mark.DelegateId, out var known) && known.At > mark.At)
        {
            // A note overtaken by a later one for the delegate (or by the load that read it).
            return;
        }

        _latestMarks[mark.DelegateId] = mark;
        ForgetWhoIsWhere();
        // Who a failing point keeps from the sitting depends on who is marked where.
        foreach (var point in _points.Values.Where(p => p.Health is LinkHealth.Degraded or LinkHealth.Offline).ToArray())
        {
            await FollowWithIncident(point);
        }

        await Changed();
    }

    public async Task ReadinessChanged(ReadinessItem[] items)
    {
        await EnsureLoaded();
        _readiness = items;
        await Changed();
    }

    public async Task PlenaryDayChanged(PlenaryDay day)
    {
        await EnsureLoaded();
        if (_session?.PlenarySession?.Number == day.Number)
        {
            _plenaryDay = day;
            await Changed();
        }
    }

    private async Task FindPlenaryDay(Session session) =>
        _plenaryDay = session.PlenarySession is { } plenary
            ? await GrainFactory.GetGrain<IPlenarySessionGrain>(plenary.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)).DayOf(Id)
            : null;

    private async Task EnsureLoaded()
    {
        if (_session is null && await GrainFactory.GetGrain<ISessionGrain>(Id).Get() is { } session)
        {
            await Load(session);
            await Changed();
        }
    }

    private void SetAttendance(AttendanceMark[] marks)
    {
        _latestMarks = marks.ToDictionary(m => m.DelegateId, StringComparer.Ordinal);
        ForgetWhoIsWhere();
    }

    private void SetSession(Session session)
    {
        _session = session;
        _delegateIds = new HashSet<string>(session.DelegateIds, StringComparer.Ordinal);
        ForgetWhoIsWhere();
    }

    /// <summary>
    /// Closed or cancelled; or, short of sitting, past the Hà Nội day of its scheduled end: a sitting left in
    /// preparation yesterday no longer listens to its points.
    /// </summary>
    private bool IsOver(Session session) =>
        SessionPhases.IsFinal(session.Phase) ||
        (session.Phase is not (SessionPhase.Live or SessionPhase.Suspended) &&
         ParliamentTime.Today(clock) > ParliamentTime.DayOf(session.ScheduledEnd));

    private async Task Load(Session session)
    {
        SetSession(session);
        await FindPlenaryDay(session);
        await AddPoints(session.ConnectionPointIds);
        await LoadDelegates(session.DelegateIds);

        var incidentIds = await GrainFactory.GetGrain<ICatalogGrain>(Catalog.IncidentsOf(Id)).List();
        foreach (var incident in await Task.WhenAll(incidentIds.Select(i => GrainFactory.GetGrain<IIncidentGrain>(i).Get())))
        {
            if (incident is not null)
            {
                _incidents[incident.Id] = incident.AsShown();
            }
        }

        _readiness = (await GrainFactory.GetGrain<IReadinessGrain>(Id).Get())?.Items ?? [];
        SetAttendance(await GrainFactory.GetGrain<IAttendanceGrain>(Id).Current());

        // A point may have gone bad while nobody was folding it in.
        foreach (var point in _points.Values.ToArray())
        {
            await FollowWithIncident(point);
        }
    }

    private async Task Apply(Session session)
    {
        var before = _session!;
        SetSession(session);
        await FindPlenaryDay(session);

        var removed = _points.Keys.Except(session.ConnectionPointIds).ToArray();
        foreach (var id in removed)
        {
            _points.Remove(id);
            await GrainFactory.GetGrain<IConnectionPointGrain>(id).DetachFrom(Id);
        }

        var added = session.ConnectionPointIds.Where(id => !_points.ContainsKey(id)).ToArray();
        await AddPoints(added);

        if (!before.DelegateIds.SequenceEqual(session.DelegateIds))
        {
            await LoadDelegates(session.DelegateIds);
        }

        if (IsOver(session))
        {
            await Task.WhenAll(_points.Keys.Select(id => GrainFactory.GetGrain<IConnectionPointGrain>(id).DetachFrom(Id)));
        }
        else if (IsWatched(session.Phase) && (!IsWatched(before.Phase) || added.Length > 0))
        {
            foreach (var point in _points.Values.ToArray())
            {
                await FollowWithIncident(point);
            }
        }
    }

    /// <summary>One call per point: attaching answers the point, and a sitting that is over only reads it.</summary>
    private async Task AddPoints(IEnumerable<string> ids)
    {
        var attach = !IsOver(_session!);
        var points = await Task.WhenAll(ids.Select(id =>
        {
            var grain = GrainFactory.GetGrain<IConnectionPointGrain>(id);
            return attach ? grain.AttachTo(Id) : grain.Get();
        }));
        foreach (var point in points.OfType<ConnectionPoint>())
        {
            _points[point.Id] = point;
        }
    }

    /// <summary>The sitting's delegates and their routes' standing, in one call to the directory.</summary>
    private async Task LoadDelegates(string[] ids)
    {
        var summaries = await GrainFactory.GetGrain<IDelegateDirectoryGrain>(IDelegateDirectoryGrain.Key).Of(ids);
        _delegates = summaries.ToDictionary(d => d.Id, StringComparer.Ordinal);
        _routes.Clear();
        foreach (var summary in summaries)
        {
            if (summary.Route is { } route)
            {
                _routes[summary.Id] = route;
            }
        }

        ForgetWhoIsWhere();
    }

    private static bool IsWatched(SessionPhase phase) => phase is SessionPhase.Preparing or SessionPhase.Ready or SessionPhase.Live;

    private void ForgetWhoIsWhere()
    {
        _affected.Clear();
        _whoIsWhere = null;
    }

    /// <summary>
    /// The session's delegates marked online, by point, and those not yet accounted for (unmarked, expected, on the
    /// way), by delegation; in the session's order. Built in one pass after each change of attendance or make-up: a
    /// pass over every delegate for each point made a 1,000-point, 500-delegate board half a million steps.
    /// </summary>
    private (Dictionary<string, List<string>> OnlineAt, Dictionary<string, List<string>> WaitingFrom) WhoIsWhere()
    {
        if (_whoIsWhere is { } known)
        {
            return known;
        }

        var onlineAt = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var waitingFrom = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var id in _session!.DelegateIds)
        {
            var marked = _latestMarks.TryGetValue(id, out var mark);
            if (marked && mark!.Status == AttendanceStatus.Online && mark.ConnectionPointId is { } at)
            {
                Add(onlineAt, at, id);
            }
            else if ((!marked || mark!.Status is AttendanceStatus.Expected or AttendanceStatus.EnRoute) && _delegates.TryGetValue(id, out var person))
            {
                Add(waitingFrom, person.Delegation, id);
            }
        }

        _whoIsWhere = (onlineAt, waitingFrom);
        return _whoIsWhere.Value;

        static void Add(Dictionary<string, List<string>> index, string key, string id)
        {
            if (!index.TryGetValue(key, out var ids))
            {
                index[key] = ids = [];
            }

            ids.Add(id);
        }
    }

    private int DelegatesAt(ConnectionPoint point) => AffectedAt(point).Length;

    /// <summary>
    /// The delegates of this session who follow it from the point: those marked online there; while none is, those
    /// of the point's delegation who are not accounted for elsewhere (in the hall, online at another point, excused,
    /// absent). Never the province's whole roster when its delegates sit in the hall.
    /// </summary>
    private AffectedDelegate[] AffectedAt(ConnectionPoint point)
    {
        if (_affected.TryGetValue(point.Id, out var known))
        {
            return known;
        }

        var (onlineAt, waitingFrom) = WhoIsWhere();
        IReadOnlyList<string> marked = onlineAt.GetValueOrDefault(point.Id) ?? [];
        var ids = marked.Count > 0 || point.Kind != ConnectionPointKind.ProvincialDelegation
            ? marked
            : waitingFrom.GetValueOrDefault(point.Province) ?? [];
        AffectedDelegate[] affected = [.. ids.Select(id => new AffectedDelegate(id, _delegates.TryGetValue(id, out var d) ? d.Name : id))];
        _affected[point.Id] = affected;
        return affected;
    }

    /// <summary>
    /// A point that goes bad while the session is being prepared or sits opens an incident, or worsens the open one;
    /// a point that comes back records its recovery on it. People resolve incidents, not the link.
    /// </summary>
    private async Task FollowWithIncident(ConnectionPoint point)
    {
        if (!IsWatched(_session!.Phase))
        {
            return;
        }

        var open = _incidents.Values.FirstOrDefault(i =>
            i.Kind == IncidentKind.ConnectionPoint && i.TargetId == point.Id && i.State != IncidentState.Resolved);
        var affected = AffectedAt(point);
        var delegates = affected.Length;
        try
        {
            Incident? changed = null;
            if (open is not null && open.Health == point.Health &&
                (open.Affected ?? []).Select(a => a.Id).SequenceEqual(affected.Select(a => a.Id)))
            {
                // Nothing the incident says has changed (an attendance mark elsewhere, a repeated note): no call.
                return;
            }

            if (point.Health is LinkHealth.Degraded or LinkHealth.Offline)
            {
                var severity = SeverityOf(_session.Phase, point.Health);
                var summary = IncidentTexts.PointSummary(point, delegates);
                var observation = new IncidentObservation(point.Health, severity, delegates, summary, affected);
                // The point's owner answers with the unresolved incident if there is one this board did not know of.
                var current = open ?? await Raise(new IncidentOpening(
                    Id, IncidentKind.ConnectionPoint, severity, "connectionPoint", point.Id, point.Name, point.Health, delegates, summary, affected, IncidentCause.Link));
                changed = current.Health == point.Health && open is null
                    ? current
                    : await GrainFactory.GetGrain<IIncidentGrain>(current.Id).Observe(observation);
            }
            else if (point.Health == LinkHealth.Online && open is not null && open.Health != LinkHealth.Online)
            {
                changed = await GrainFactory.GetGrain<IIncidentGrain>(open.Id).Observe(
                    new IncidentObservation(LinkHealth.Online, open.Severity, delegates, IncidentTexts.Recovered(point), affected));
            }

            if (changed is not null && !changed.Equals(open))
            {
                changed = changed.AsShown();
                _incidents[changed.Id] = changed;
                await Publish(o => o.IncidentChanged(changed));
            }
        }
        catch (Exception exception)
        {
            // The board still shows the point as it is; the incident is raised on its next change.
            logger.LogWarning(exception, "Session {Session}: no incident could be recorded for point {Point}", Id, point.Id);
        }
    }

    private Task<Incident> Raise(IncidentOpening opening) =>
        GrainFactory.GetGrain<ITargetIncidentsGrain>(IncidentKeys.Of(opening)).Raise(opening);

    private static IncidentSeverity SeverityOf(SessionPhase phase, LinkHealth health) => (phase, health) switch
    {
        (SessionPhase.Live, LinkHealth.Offline) => IncidentSeverity.Critical,
        (SessionPhase.Live, _) => IncidentSeverity.Major,
        (_, LinkHealth.Offline) => IncidentSeverity.Major,
        _ => IncidentSeverity.Minor,
    };

    private async Task Changed()
    {
        if (_session is null)
        {
            return;
        }

        // The epoch of this activation and a counter: a rebuilt board never shows a lower version than the one before it.
        _version++;
        _stale = true;
        SessionOpsMetrics.OfflineInLiveSitting(Id, _session.Phase is SessionPhase.Live or SessionPhase.Suspended
            ? _points.Values.Count(p => p.Health == LinkHealth.Offline)
            : 0);

        if (_pushTimer is not null)
        {
            return;
        }

        var wait = _pushedAt + pushOptions.Value.BoardInterval - clock.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            await PushBoard();
        }
        else
        {
            _pushTimer = this.RegisterGrainTimer(async _ =>
            {
                _pushTimer?.Dispose();
                _pushTimer = null;
                await PushBoard();
            }, new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan));
        }
    }

    private async Task PushBoard()
    {
        _pushedAt = clock.GetUtcNow();
        var board = CurrentBoard()!;
        await Publish(o => o.BoardUpdated(board));
    }

    private async Task Publish(Func<IPushObserver, Task> send)
    {
        foreach (var observer in await pushTargets.Current())
        {
            try
            {
                _ = send(observer);
            }
            catch (Exception exception)
            {
                logger.LogDebug(exception, "A Gateway could not be reached");
            }
        }
    }

    private PointChange ToChange(ConnectionPoint point, LinkHealth previous) => new(
        Id, point.Id, point.Name, point.Province, point.Health, previous, point.LatencyMs, point.JitterMs, point.PacketLossPct,
        point.BitrateKbps, point.Audio, point.Video, point.LastHeartbeatAt, point.HealthSince ?? clock.GetUtcNow(), DelegatesAt(point));

    private ReadinessItem[] EffectiveReadiness()
    {
        var now = clock.GetUtcNow();
        return _readiness
            .Select(i => ReadinessRules.Effective(i, now, readinessOptions.Value.DryRunValidity, securityOptions.Value.SweepValidity))
            .ToArray();
    }

    private BoardReadiness Readiness(ReadinessItem[] items)
    {
        var (state, percent, _) = ReadinessRules.Evaluate(items, _points.Values.Select(p => (p.Id, p.Health)));
        return new BoardReadiness(EnumText.Camel(state), percent);
    }

    /// <summary>Counts only: where routes go never reaches a board.</summary>
    private BoardSecurity Security(ReadinessItem[] items)
    {
        var now = clock.GetUtcNow();
        var cleared = _routes.Values.Count(r =>
            r is { LastResult: SecurityCheckStatus.Clear, CheckedAt: { } at } && now - at <= securityOptions.Value.RouteCheckValidity &&
            r.Status != RouteStatus.Unchecked);
        var sweeps = items.Where(i => i.Item == ReadinessOptions.SecuritySweep).ToArray();
        return new BoardSecurity(cleared, _routes.Count, sweeps.Count(ReadinessRules.IsDone), sweeps.Length);
    }

    /// <summary>Present is in the hall or online at a point that is not offline: a point that drops takes its delegates with it.</summary>
    private BoardAttendance Attendance(Session session)
    {
        var marks = _latestMarks.Values.Where(m => _delegateIds.Contains(m.DelegateId)).ToArray();
        int Count(AttendanceStatus status) => marks.Count(m => m.Status == status);
        var online = marks.Count(m => m.Status == AttendanceStatus.Online &&
            m.ConnectionPointId is { } point && _points.TryGetValue(point, out var p) && p.Health != LinkHealth.Offline);
        var expected = session.DelegateIds.Length;
        var required = session.Quorum ?? Quorums.Default(session.Kind, expected);
        var present = Count(AttendanceStatus.InHall) + online;
        return new BoardAttendance(expected, Count(AttendanceStatus.InHall), online, Count(AttendanceStatus.Excused), Count(AttendanceStatus.Absent),
            new BoardQuorum(required, present, Reached: required > 0 && present >= required));
    }

    private SessionBoard? CurrentBoard()
    {
        if (_stale && _session is not null)
        {
            _board = Build(_session);
            _stale = false;
        }

        return _board;
    }

    private SessionBoard Build(Session session)
    {
        var items = session.ConnectionPointIds
            .Where(_points.ContainsKey)
            .Select(id => _points[id])
            .Select(p => new BoardPoint(p.Id, p.Name, p.Province, p.Kind, p.Health, DelegatesAt(p), p.HealthSince))
            .ToArray();
        int Count(LinkHealth health) => items.Count(i => i.Health == health);
        var affected = items.Where(i => i.Health is LinkHealth.Degraded or LinkHealth.Offline).Sum(i => i.Delegates);

        var readiness = EffectiveReadiness();
        var liveSince = session.Phase is SessionPhase.Live ? session.LiveSince : null;

        return new SessionBoard(
            Id, _version, session.Title, session.Kind, session.Format, session.Phase, session.ScheduledStart, session.ScheduledEnd,
            Readiness(readiness),
            new BoardConnectionPoints(items.Length, Count(LinkHealth.Online), Count(LinkHealth.Degraded), Count(LinkHealth.Offline),
                Count(LinkHealth.Unknown), affected, items),
            Attendance(session),
            Security(readiness),
            new BoardIncidents(
                _incidents.Values.Count(i => i.State == IncidentState.Open),
                _incidents.Values.Count(i => i.State == IncidentState.Acknowledged)),
            liveSince,
            session.PhaseReason,
            _plenaryDay);
    }
}
