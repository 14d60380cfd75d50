using Orleans.Concurrency;
using SessionOps.ConnectionPoints;
using SessionOps.Incidents;
using SessionOps.Sessions;

namespace SessionOps.Boards;

[GenerateSerializer, Immutable, Alias("SessionOps.BoardReadiness")]
public sealed record BoardReadiness(
    [property: Id(0)] string State,
    [property: Id(1)] int Percent);

/// <summary>A connection point on a session's board; <see cref="Delegates"/> is how many of the session's delegates sit there.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.BoardPoint")]
public sealed record BoardPoint(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Province,
    [property: Id(3)] ConnectionPointKind Kind,
    [property: Id(4)] LinkHealth Health,
    [property: Id(5)] int Delegates,
    [property: Id(6)] DateTimeOffset? HealthSince);

[GenerateSerializer, Immutable, Alias("SessionOps.BoardConnectionPoints")]
public sealed record BoardConnectionPoints(
    [property: Id(0)] int Total,
    [property: Id(1)] int Online,
    [property: Id(2)] int Degraded,
    [property: Id(3)] int Offline,
    [property: Id(4)] int Unknown,
    [property: Id(5)] int AffectedDelegates,
    [property: Id(6)] BoardPoint[] Items);

[GenerateSerializer, Immutable, Alias("SessionOps.BoardQuorum")]
public sealed record BoardQuorum(
    [property: Id(0)] int Required,
    [property: Id(1)] int Present,
    [property: Id(2)] bool Reached);

[GenerateSerializer, Immutable, Alias("SessionOps.BoardAttendance")]
public sealed record BoardAttendance(
    [property: Id(0)] int Expected,
    [property: Id(1)] int InHall,
    [property: Id(2)] int Online,
    [property: Id(3)] int Excused,
    [property: Id(4)] int Absent,
    [property: Id(5)] BoardQuorum Quorum);

[GenerateSerializer, Immutable, Alias("SessionOps.BoardSecurity")]
public sealed record BoardSecurity(
    [property: Id(0)] int RoutesCleared,
    [property: Id(1)] int RoutesTotal,
    [property: Id(2)] int VenuesCleared,
    [property: Id(3)] int VenuesTotal);

[GenerateSerializer, Immutable, Alias("SessionOps.BoardIncidents")]
public sealed record BoardIncidents(
    [property: Id(0)] int Open,
    [property: Id(1)] int Acknowledged);

/// <summary>Everything the status board shows of one session. <see cref="Version"/> grows with every change.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.SessionBoard")]
public sealed record SessionBoard(
    [property: Id(0)] string SessionId,
    [property: Id(1)] long Version,
    [property: Id(2)] string Title,
    [property: Id(3)] SessionKind Kind,
    [property: Id(4)] SessionFormat Format,
    [property: Id(5)] SessionPhase Phase,
    [property: Id(6)] DateTimeOffset ScheduledStart,
    [property: Id(7)] DateTimeOffset ScheduledEnd,
    [property: Id(8)] BoardReadiness Readiness,
    [property: Id(9)] BoardConnectionPoints ConnectionPoints,
    [property: Id(10)] BoardAttendance Attendance,
    [property: Id(11)] BoardSecurity Security,
    [property: Id(12)] BoardIncidents Incidents,
    [property: Id(13)] DateTimeOffset? LiveSince,
    [property: Id(14)] string? PhaseReason = null,
    [property: Id(15)] PlenaryDay? Plenary = null);

/// <summary>A connection point's change of health, as the hub's <c>ConnectionPointChanged</c> sends it.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.PointChange")]
public sealed record PointChange(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string Id,
    [property: Id(2)] string Name,
    [property: Id(3)] string Province,
    [property: Id(4)] LinkHealth Health,
    [property: Id(5)] LinkHealth PreviousHealth,
    [property: Id(6)] double? LatencyMs,
    [property: Id(7)] double? JitterMs,
    [property: Id(8)] double? PacketLossPct,
    [property: Id(9)] double? BitrateKbps,
    [property: Id(10)] bool? Audio,
    [property: Id(11)] bool? Video,
    [property: Id(12)] DateTimeOffset? LastHeartbeatAt,
    [property: Id(13)] DateTimeOffset ChangedAt,
    [property: Id(14)] int Delegates);

/// <summary>
/// The live view of one session: its phase, its connection points' health, readiness, attendance, security and
/// incidents, folded into counts. It is derived from the grains that own those facts and rebuilt from them when
/// it wakes, so it keeps no state of its own in storage.
/// </summary>
[Alias("SessionOps.ISessionBoardGrain")]
public interface ISessionBoardGrain : IGrainWithStringKey
{
    Task<SessionBoard?> Get();

    /// <summary>
    /// Every point of the session now, with its newest sparkline buckets: asked by a Gateway every few seconds while
    /// someone there watches the session's metrics, so the cost follows sessions watched, not people watching.
    /// </summary>
    [AlwaysInterleave]
    Task<LiveFigures[]> Live(int buckets);

    /// <summary>The session's make-up or phase changed. One-way: the session never waits on its board.</summary>
    [OneWay]
    Task SessionChanged(Session session);

    /// <summary>A point of the session changed health. One-way: a heartbeat never waits on a board.</summary>
    [OneWay]
    Task PointChanged(ConnectionPoint point, LinkHealth previous);

    [OneWay]
    Task IncidentChanged(Incident incident);

    [OneWay]
    Task RouteChanged(SessionOps.Security.RouteSummary route);

    /// <summary>A delegate's new latest mark; an older one than the board holds for the delegate changes nothing.</summary>
    [OneWay]
    Task AttendanceChanged(SessionOps.Security.AttendanceMark mark);

    /// <summary>A check was recorded or the checklist regenerated.</summary>
    [OneWay]
    Task ReadinessChanged(SessionOps.Readiness.ReadinessItem[] items);

    /// <summary>Another sitting of the kỳ họp moved, and with it this sitting's day number.</summary>
    [OneWay]
    Task PlenaryDayChanged(PlenaryDay day);
}
