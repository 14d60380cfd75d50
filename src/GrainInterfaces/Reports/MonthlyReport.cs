using Orleans.Concurrency;
using SessionOps.Incidents;
using SessionOps.Sessions;

namespace SessionOps.Reports;

/// <summary>A closed sitting as the month's roll-up keeps it: its points' figures and its incidents' times, no outages.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.SittingSummary")]
public sealed record SittingSummary(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string Title,
    [property: Id(2)] SessionKind Kind,
    [property: Id(3)] DateTimeOffset ScheduledStart,
    [property: Id(4)] double RunningSeconds,
    [property: Id(5)] PointTally[] Points,
    [property: Id(6)] IncidentTally[] Incidents,
    [property: Id(7)] bool ReadinessOnTime);

[GenerateSerializer, Immutable, Alias("SessionOps.PointTally")]
public sealed record PointTally(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Province,
    [property: Id(3)] double RunningSeconds,
    [property: Id(4)] double AvailableSeconds,
    [property: Id(5)] long OfflineSeconds);

[GenerateSerializer, Immutable, Alias("SessionOps.IncidentTally")]
public sealed record IncidentTally(
    [property: Id(0)] IncidentKind Kind,
    [property: Id(1)] string TargetId,
    [property: Id(2)] long? SecondsToAcknowledge,
    [property: Id(3)] long? SecondsToResolve);

/// <summary>
/// One month's roll-up (key: yyyy-MM, the Hà Nội month of the sittings' start): the summary of every sitting closed in
/// it, kept as each closes, so that the month's figures are read, not recomputed over every event of the month.
/// </summary>
[Alias("SessionOps.IMonthlyReportGrain")]
public interface IMonthlyReportGrain : IGrainWithStringKey
{
    Task Keep(SittingSummary summary);

    [AlwaysInterleave]
    Task<SittingSummary[]> Closed();
}
