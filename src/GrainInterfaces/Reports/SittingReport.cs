using Orleans.Concurrency;
using SessionOps.Incidents;
using SessionOps.Sessions;

namespace SessionOps.Reports;

public enum ReportStatus
{
    /// <summary>The sitting has not gone live: there is nothing to measure yet.</summary>
    NotStarted,

    /// <summary>Live or suspended now: the figures run to this moment.</summary>
    Running,

    /// <summary>Adjourned (or postponed, cancelled): the figures may still gain late facts until it is closed.</summary>
    Over,

    /// <summary>Closed: the report is final and never changes.</summary>
    Final,
}

[GenerateSerializer, Immutable, Alias("SessionOps.ReportPhase")]
public sealed record ReportPhase(
    [property: Id(0)] string Phase,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string By,
    [property: Id(3)] string? Reason,
    [property: Id(4)] bool Override);

[GenerateSerializer, Immutable, Alias("SessionOps.ReportReadiness")]
public sealed record ReportReadiness(
    [property: Id(0)] DateTimeOffset Deadline,
    [property: Id(1)] DateTimeOffset? GoAt,
    [property: Id(2)] bool OnTime);

[GenerateSerializer, Immutable, Alias("SessionOps.ReportOutage")]
public sealed record ReportOutage(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] string Health);

/// <summary>
/// A point over the time the sitting ran (live or suspended): available while online or degraded (connected), the
/// seconds degraded and offline (unknown, never heard, counts as offline), and each stretch it was not online.
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionOps.ReportPoint")]
public sealed record ReportPoint(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Province,
    [property: Id(3)] double AvailabilityPct,
    [property: Id(4)] long DegradedSeconds,
    [property: Id(5)] long OfflineSeconds,
    [property: Id(6)] ReportOutage[] Outages);

[GenerateSerializer, Immutable, Alias("SessionOps.ReportIncident")]
public sealed record ReportIncident(
    [property: Id(0)] string Id,
    [property: Id(1)] IncidentKind Kind,
    [property: Id(2)] IncidentSeverity Severity,
    [property: Id(3)] string TargetId,
    [property: Id(4)] DateTimeOffset OpenedAt,
    [property: Id(5)] DateTimeOffset? AcknowledgedAt,
    [property: Id(6)] DateTimeOffset? ResolvedAt,
    [property: Id(7)] long? SecondsToAcknowledge,
    [property: Id(8)] long? SecondsToResolve,
    [property: Id(9)] string? TargetName = null);

[GenerateSerializer, Immutable, Alias("SessionOps.ReportAttendance")]
public sealed record ReportAttendance(
    [property: Id(0)] int PeakPresent,
    [property: Id(1)] DateTimeOffset? QuorumReachedAt);

/// <summary>The after-action report (tổng kết) of one sitting, as the contract shapes it.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.SittingReport")]
public sealed record SittingReport(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string Title,
    [property: Id(2)] SessionKind Kind,
    [property: Id(3)] DateTimeOffset ScheduledStart,
    [property: Id(4)] DateTimeOffset ScheduledEnd,
    [property: Id(5)] DateTimeOffset? ActualStart,
    [property: Id(6)] DateTimeOffset? ActualEnd,
    [property: Id(7)] ReportPhase[] Phases,
    [property: Id(8)] ReportReadiness Readiness,
    [property: Id(9)] ReportPoint[] ConnectionPoints,
    [property: Id(10)] ReportIncident[] Incidents,
    [property: Id(11)] ReportAttendance Attendance,
    [property: Id(12)] ReportStatus Status,
    [property: Id(13)] DateTimeOffset AsOf,
    [property: Id(14)] double RunningSeconds = 0);
