using System.Text.Json.Serialization;
using Orleans.Concurrency;

namespace SessionOps.Security;

public enum SecurityCheckStatus
{
    Clear,
    Issue,
}

/// <summary>A route's standing: never checked, checked clear or with an issue, or checked too long ago.</summary>
public enum RouteStatus
{
    Unchecked,
    Clear,
    Issue,
    Expired,
}

[GenerateSerializer, Immutable, Alias("SessionOps.Waypoint")]
public sealed record Waypoint(
    [property: Id(0)] string Name,
    [property: Id(1)] double? Lat,
    [property: Id(2)] double? Lon);

[GenerateSerializer, Immutable, Alias("SessionOps.RouteSpec")]
public sealed record RouteSpec(
    [property: Id(0)] string DestinationVenueId,
    [property: Id(1)] Waypoint[] Waypoints)
{
    public bool SameAs(RouteSpec other) => DestinationVenueId == other.DestinationVenueId && Waypoints.SequenceEqual(other.Waypoints);
}

/// <summary>A check of a route or a sweep of a venue: who, when, what they found.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.SecurityCheck")]
public sealed record SecurityCheck(
    [property: Id(0)] SecurityCheckStatus Status,
    [property: Id(1)] string? Note,
    [property: Id(2)] string By,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4), JsonIgnore] string? RequestId = null) : IHistoryEntry;

/// <summary>A delegate's route in full: for admin and security only.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.DelegateRoute")]
public sealed record DelegateRoute(
    [property: Id(0)] string DelegateId,
    [property: Id(1)] string DestinationVenueId,
    [property: Id(2)] Waypoint[] Waypoints,
    [property: Id(3)] RouteStatus Status,
    [property: Id(4)] SecurityCheck? LastCheck,
    [property: Id(5)] DateTimeOffset UpdatedAt,
    [property: Id(6)] string UpdatedBy,
    [property: Id(7)] SecurityCheck[] Checks);

/// <summary>What may leave security's hands about a route: whose it is and its standing, never where it goes.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.RouteSummary")]
public sealed record RouteSummary(
    [property: Id(0)] string DelegateId,
    [property: Id(1)] RouteStatus Status,
    [property: Id(2)] DateTimeOffset? CheckedAt,
    [property: Id(3)] SecurityCheckStatus? LastResult);

/// <summary>The route of one delegate from lodging to the hall ("lộ trình di chuyển"), and its checks.</summary>
[Alias("SessionOps.IDelegateRouteGrain")]
public interface IDelegateRouteGrain : IGrainWithStringKey
{
    Task<CommandResult> Define(RouteSpec spec, Actor by);

    /// <summary>The route with its latest checks (those its state keeps): what a list of a sitting's routes shows.</summary>
    Task<DelegateRoute?> Get();

    /// <summary>Every check of the route, oldest first, from its journal: read for one route, never for a list.</summary>
    Task<SecurityCheck[]> History();

    /// <summary>The standing alone. Interleaves, so that boards can ask while the route is being checked.</summary>
    [AlwaysInterleave]
    Task<RouteSummary?> GetSummary();

    /// <summary>Records a check; a repeat of the request (<paramref name="requestId"/> already recorded) records nothing more.</summary>
    Task<CommandResult> Check(SecurityCheckStatus status, string? note, Actor by, string? requestId = null);
}

[GenerateSerializer, Immutable, Alias("SessionOps.VenueSweep")]
public sealed record VenueSweep(
    [property: Id(0)] string VenueId,
    [property: Id(1)] SecurityCheck Sweep,
    [property: Id(2)] string[] Sessions);

[GenerateSerializer, Immutable, Alias("SessionOps.SweepOutcome")]
public sealed record SweepOutcome(
    [property: Id(0)] CommandResult Result,
    [property: Id(1)] VenueSweep? Sweep);

/// <summary>The security sweeps of one venue; a sweep also counts as the sweep item of the day's sessions that use it.</summary>
[Alias("SessionOps.IVenueSweepGrain")]
public interface IVenueSweepGrain : IGrainWithStringKey
{
    /// <summary>Records a sweep; a repeat of the request (<paramref name="requestId"/> already recorded) records nothing more.</summary>
    Task<SweepOutcome> Sweep(SecurityCheckStatus status, string? note, Actor by, string? requestId = null);

    Task<SecurityCheck[]> History();
}

public enum AttendanceStatus
{
    Expected,
    EnRoute,
    InHall,
    Online,
    Excused,
    Absent,
}

[GenerateSerializer, Immutable, Alias("SessionOps.AttendanceMark")]
public sealed record AttendanceMark(
    [property: Id(0)] string DelegateId,
    [property: Id(1)] AttendanceStatus Status,
    [property: Id(2)] string? ConnectionPointId,
    [property: Id(3)] string By,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5), JsonIgnore] string? RequestId = null) : IHistoryEntry;

/// <summary>Who of a session's delegates is where: in the hall, online at a point, on the way, excused or absent.</summary>
[Alias("SessionOps.IAttendanceGrain")]
public interface IAttendanceGrain : IGrainWithStringKey
{
    Task<CommandResult> Mark(AttendanceMark mark);

    /// <summary>The latest mark of each delegate who has one.</summary>
    [AlwaysInterleave]
    Task<AttendanceMark[]> Current();

    Task<AttendanceMark[]> History();
}

/// <summary>One security action or read of security data: who, when, what.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string By,
    [property: Id(2)] string Role,
    [property: Id(3)] string Action,
    [property: Id(4)] string TargetType,
    [property: Id(5)] string TargetId,
    [property: Id(6)] string? Detail,
    [property: Id(7)] string? AccountId = null);

/// <summary>The audit log of one hour, append-only; hours keep each write small.</summary>
[Alias("SessionOps.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    Task Append(AuditEntry entry);

    Task<AuditEntry[]> List();
}

public static class AuditLog
{
    public static string HourOf(DateTimeOffset at) => $"audit-{at.UtcDateTime:yyyyMMddHH}";
}

public sealed class SecurityOptions
{
    /// <summary>How long a route check holds: each sitting day needs its own.</summary>
    public TimeSpan RouteCheckValidity { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a venue sweep holds.</summary>
    public TimeSpan SweepValidity { get; set; } = TimeSpan.FromHours(12);
}
