using Orleans.Concurrency;
using SessionOps.ConnectionPoints;
using SessionOps.Incidents;
using SessionOps.Readiness;
using SessionOps.Sessions;

namespace SessionOps.Reports;

public enum SittingEventKind
{
    /// <summary>The sitting moved from one phase to another (<see cref="SittingEvent.From"/>, <see cref="SittingEvent.To"/>).</summary>
    Phase,

    /// <summary>A connection point of the sitting changed health, or (on going live) stood at it.</summary>
    Health,

    /// <summary>The readiness of the sitting changed state (pending, go, noGo).</summary>
    Readiness,

    /// <summary>An incident of the sitting opened, was acknowledged or resolved.</summary>
    Incident,

    /// <summary>How many delegates were present (in the hall or online), against the quorum.</summary>
    Attendance,

    /// <summary>
    /// A readiness check was recorded: its target (<see cref="SittingEvent.TargetId"/>), item (<see cref="SittingEvent.From"/>)
    /// and result (<see cref="SittingEvent.To"/>), who recorded it; never its note, which may be security's.
    /// </summary>
    Check,
}

/// <summary>
/// One fact of a sitting that its after-action review needs, as it happened. The fields a kind does not use are null.
/// Names are written with the fact, so that the record alone tells the story even after a point is renamed.
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionOps.SittingEvent")]
public sealed record SittingEvent(
    [property: Id(0)] SittingEventKind Kind,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string? By = null,
    [property: Id(3)] string? TargetId = null,
    [property: Id(4)] string? TargetName = null,
    [property: Id(5)] string? Province = null,
    [property: Id(6)] string? From = null,
    [property: Id(7)] string? To = null,
    [property: Id(8)] string? Reason = null,
    [property: Id(9)] bool Override = false,
    [property: Id(10)] int? Count = null,
    [property: Id(11)] int? Required = null,
    [property: Id(12)] IncidentKind? IncidentKind = null,
    [property: Id(13)] IncidentSeverity? Severity = null,
    [property: Id(14)] string? IncidentId = null)
{
    public static SittingEvent PhaseMoved(PhaseChange change) =>
        new(SittingEventKind.Phase, change.At, change.By, From: EnumText.Camel(change.From), To: EnumText.Camel(change.To),
            Reason: change.Reason, Override: change.Override);

    public static SittingEvent HealthOf(ConnectionPoint point, LinkHealth from, DateTimeOffset at) =>
        new(SittingEventKind.Health, at, TargetId: point.Id, TargetName: point.Name, Province: point.Province,
            From: EnumText.Camel(from), To: EnumText.Camel(point.Health));

    public static SittingEvent ReadinessAt(ReadinessState state, int percent, DateTimeOffset at) =>
        new(SittingEventKind.Readiness, at, To: EnumText.Camel(state), Count: percent);

    /// <summary>An incident as it stands after a change: <see cref="To"/> is its state.</summary>
    public static SittingEvent IncidentNow(Incident incident, DateTimeOffset at) =>
        new(SittingEventKind.Incident, at, TargetId: incident.TargetId, TargetName: incident.TargetName,
            To: EnumText.Camel(incident.State), IncidentKind: incident.Kind, Severity: incident.Severity, IncidentId: incident.Id);

    public static SittingEvent Checked(string targetId, string item, string status, string by, DateTimeOffset at) =>
        new(SittingEventKind.Check, at, by, TargetId: targetId, From: item, To: status);

    public static SittingEvent Present(int present, int required, DateTimeOffset at) =>
        new(SittingEventKind.Attendance, at, Count: present, Required: required);
}

/// <summary>
/// The durable record of one sitting (key: the session's id): every fact its review needs, appended to a journal of
/// its own as it happens, never rewritten. Once the sitting is closed, its report is computed from the record alone,
/// kept, and answered as it was, whatever its points do later.
/// </summary>
[Alias("SessionOps.ISittingRecordGrain")]
public interface ISittingRecordGrain : IGrainWithStringKey
{
    /// <summary>Appends the facts in their order; a readiness or attendance that says nothing new is not appended twice.</summary>
    Task Record(params SittingEvent[] facts);

    Task<SittingEvent[]> Events();

    /// <summary>The report as of now; for a closed sitting, the one computed when it was first asked, for ever.</summary>
    Task<SittingReport?> Report();

    /// <summary>The sitting closed: its report is made final now, and its month's roll-up keeps its summary. One-way.</summary>
    [OneWay]
    Task Closed();
}
