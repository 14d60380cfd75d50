using SessionOps.ConnectionPoints;

namespace SessionOps.Incidents;

public enum IncidentKind
{
    /// <summary>A connection point degraded or went offline: technical.</summary>
    ConnectionPoint,

    /// <summary>A readiness item not done by its deadline: technical or security, by the item.</summary>
    Readiness,

    /// <summary>A route or venue with an issue: security.</summary>
    Security,
}

/// <summary>Why an incident was opened: a link that went bad, a check not done by its deadline, an issue found.</summary>
public enum IncidentCause
{
    Link,
    Overdue,
    Issue,
}

public enum IncidentSeverity
{
    Minor,
    Major,
    Critical,
}

public enum IncidentState
{
    Open,
    Acknowledged,
    Resolved,
}

/// <summary>One thing that happened to an incident: who, when, what, and a note.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.IncidentEvent")]
public sealed record IncidentEvent(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Action,
    [property: Id(2)] string? By,
    [property: Id(3)] string? Note);

/// <summary>A delegate an incident keeps from the sitting: named, so that the operator knows whom to call.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.AffectedDelegate")]
public sealed record AffectedDelegate(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name);

[GenerateSerializer, Immutable, Alias("SessionOps.IncidentOpening")]
public sealed record IncidentOpening(
    [property: Id(0)] string SessionId,
    [property: Id(1)] IncidentKind Kind,
    [property: Id(2)] IncidentSeverity Severity,
    [property: Id(3)] string TargetType,
    [property: Id(4)] string TargetId,
    [property: Id(5)] string TargetName,
    [property: Id(6)] LinkHealth? Health,
    [property: Id(7)] int AffectedDelegates,
    [property: Id(8)] string Summary,
    [property: Id(9)] AffectedDelegate[]? Affected = null,
    [property: Id(10)] IncidentCause? Cause = null);

/// <summary>A later reading of what an open incident is about: its health now, and who is affected.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.IncidentObservation")]
public sealed record IncidentObservation(
    [property: Id(0)] LinkHealth Health,
    [property: Id(1)] IncidentSeverity Severity,
    [property: Id(2)] int AffectedDelegates,
    [property: Id(3)] string Summary,
    [property: Id(4)] AffectedDelegate[]? Affected = null);

[GenerateSerializer, Immutable, Alias("SessionOps.Incident")]
public sealed record Incident(
    [property: Id(0)] string Id,
    [property: Id(1)] string SessionId,
    [property: Id(2)] IncidentKind Kind,
    [property: Id(3)] IncidentSeverity Severity,
    [property: Id(4)] IncidentState State,
    [property: Id(5)] string TargetType,
    [property: Id(6)] string TargetId,
    [property: Id(7)] string TargetName,
    [property: Id(8)] LinkHealth? Health,
    [property: Id(9)] int AffectedDelegates,
    [property: Id(10)] string Summary,
    [property: Id(11)] DateTimeOffset OpenedAt,
    [property: Id(12)] DateTimeOffset? RecoveredAt,
    [property: Id(13)] DateTimeOffset? AcknowledgedAt,
    [property: Id(14)] string? AcknowledgedBy,
    [property: Id(15)] DateTimeOffset? ResolvedAt,
    [property: Id(16)] string? ResolvedBy,
    [property: Id(17)] string? ResolutionNote,
    [property: Id(18)] IncidentEvent[] History,
    [property: Id(19)] AffectedDelegate[]? Affected = null,
    [property: Id(20)] IncidentCause? Cause = null)
{
    /// <summary>Security incidents are security's to handle; all others the technical operators'.</summary>
    public bool IsSecurity => Kind == IncidentKind.Security;

    /// <summary>
    /// As boards hold it and screens receive it: with its newest step only. A link that flaps for an hour adds a step
    /// each time; the whole history is read from the incident itself (<c>GET /api/incidents/{id}</c>).
    /// </summary>
    public Incident AsShown() => History.Length <= 1 ? this : this with { History = [History[^1]] };
}

/// <summary>Something that went wrong during the preparation or the sitting, and what was done about it.</summary>
[Alias("SessionOps.IIncidentGrain")]
public interface IIncidentGrain : IGrainWithStringKey
{
    Task<Incident> Open(IncidentOpening opening);

    /// <summary>
    /// Records a change of what the incident is about (worse, better, recovered) or of whom it keeps from the sitting;
    /// raises the severity, never lowers it.
    /// </summary>
    Task<Incident?> Observe(IncidentObservation observation);

    Task<CommandResult> Acknowledge(Actor by, string? note);

    Task<CommandResult> Resolve(Actor by, string? note);

    /// <summary>The incident with the steps its state keeps (the latest <c>IncidentHistory.KeptCount</c>): for lists and boards.</summary>
    Task<Incident?> Get();

    /// <summary>The incident with every step it has had, read from its journal: for the incident on its own and a sitting's timeline.</summary>
    Task<Incident?> GetWithHistory();
}

/// <summary>
/// The one owner of "raise or update the incident for this target": the incidents of one target, of one kind and for
/// one cause, in one sitting. At most one of them is unresolved at a time; a raise while it is answers it, so that a repeated or
/// retried report never opens a second incident. Keyed by <see cref="IncidentKeys.Of"/>.
/// </summary>
[Alias("SessionOps.ITargetIncidentsGrain")]
public interface ITargetIncidentsGrain : IGrainWithStringKey
{
    /// <summary>The target's unresolved incident for the cause, or a new one opened as told.</summary>
    Task<Incident> Raise(IncidentOpening opening);
}

public static class IncidentKeys
{
    /// <summary>
    /// The same sitting, kind, target and cause give the same key on every silo and after every restart (a hall's
    /// overdue technical checks and its overdue sweep are two incidents: the operators' and security's).
    /// </summary>
    public static string Of(string sessionId, IncidentKind kind, string targetType, string targetId, IncidentCause cause)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes($"{sessionId}\n{EnumText.Camel(kind)}\n{targetType}\n{targetId}\n{EnumText.Camel(cause)}");
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16];
    }

    public static string Of(IncidentOpening opening) =>
        Of(opening.SessionId, opening.Kind, opening.TargetType, opening.TargetId, opening.Cause ?? IncidentCause.Issue);

    /// <summary>The n-th incident of a target: an id that a retry computes again, never a new random one.</summary>
    public static string IncidentId(string key, int generation) => $"inc-{key}-{generation}";
}
