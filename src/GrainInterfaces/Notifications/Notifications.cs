using SessionOps.Incidents;
using SessionOps.Sessions;

namespace SessionOps.Notifications;

public enum ChannelKind
{
    Webhook,
    Email,
}

/// <summary>What a channel can be told of.</summary>
public enum NotificationEvent
{
    IncidentOpened,

    /// <summary>Nobody acknowledged an incident within <c>Notifications:EscalateAfter</c>.</summary>
    IncidentEscalated,

    IncidentResolved,

    /// <summary>A sitting's readiness is still not go at its deadline.</summary>
    ReadinessNoGo,

    PhaseChanged,

    /// <summary>Sent on request from the channel's set-up, to see that it arrives; not something a channel subscribes to.</summary>
    Test,
}

/// <summary>
/// Where notifications go and which: a webhook (an http(s) URL, its body signed with the secret) or an e-mail address;
/// the events it is told of, incidents from <see cref="MinSeverity"/> up, and with <see cref="Provinces"/> only what
/// concerns those provinces.
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionOps.ChannelSpec")]
public sealed record ChannelSpec(
    [property: Id(0)] ChannelKind Kind,
    [property: Id(1)] string Target,
    [property: Id(2)] string? Secret,
    [property: Id(3)] IncidentSeverity MinSeverity,
    [property: Id(4)] NotificationEvent[] Events,
    [property: Id(5)] string[]? Provinces)
{
    public bool SameAs(ChannelSpec other) =>
        Kind == other.Kind && Target == other.Target && Secret == other.Secret && MinSeverity == other.MinSeverity &&
        Events.SequenceEqual(other.Events) && (Provinces ?? []).SequenceEqual(other.Provinces ?? []);

    /// <summary>Whether a notification is for this channel: its event, its severity, its provinces.</summary>
    public bool Wants(Notification notification)
    {
        if (notification.Event == NotificationEvent.Test)
        {
            return true;
        }

        if (!Events.Contains(notification.Event) || (notification.Severity is { } severity && severity < MinSeverity))
        {
            return false;
        }

        // An incident that grew worse is news only to the channels it did not reach before.
        if (notification.PreviousSeverity is { } before && before >= MinSeverity)
        {
            return false;
        }

        return Provinces is not { Length: > 0 } ||
               notification.Provinces.Any(p => Provinces.Contains(p, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Never the secret, whatever logs or assertion messages print.</summary>
    public override string ToString() =>
        $"ChannelSpec {{ Kind = {Kind}, Target = {Target}, Secret = {(Secret is null ? "none" : "***")}, MinSeverity = {MinSeverity}, " +
        $"Events = [{string.Join(", ", Events)}], Provinces = [{string.Join(", ", Provinces ?? [])}] }}";
}

/// <summary>How the channel's deliveries have gone, for the admin who set it up.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.ChannelStatus")]
public sealed record ChannelStatus(
    [property: Id(0)] DateTimeOffset? LastDeliveredAt,
    [property: Id(1)] DateTimeOffset? LastFailedAt,
    [property: Id(2)] string? LastFailure,
    [property: Id(3)] int Delivered,
    [property: Id(4)] int Failed,
    [property: Id(5)] int Abandoned)
{
    public static ChannelStatus None { get; } = new(null, null, null, 0, 0, 0);

    /// <summary>The last attempt failed: the admin page shows the channel as failing, with why.</summary>
    public bool Failing => LastFailedAt is { } failed && (LastDeliveredAt is not { } delivered || failed > delivered);
}

[GenerateSerializer, Immutable, Alias("SessionOps.NotificationChannel")]
public sealed record NotificationChannel(
    [property: Id(0)] string Id,
    [property: Id(1)] ChannelSpec Spec,
    [property: Id(2)] ChannelStatus Status,
    [property: Id(3)] DateTimeOffset UpdatedAt,
    [property: Id(4)] string UpdatedBy);

/// <summary>The sitting a notification is about, as a receiver needs it.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.NotifiedSession")]
public sealed record NotifiedSession(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] SessionKind Kind,
    [property: Id(3)] SessionPhase Phase,
    [property: Id(4)] DateTimeOffset ScheduledStart,
    [property: Id(5)] SessionPhase? PreviousPhase = null,
    [property: Id(6)] string? Reason = null,
    [property: Id(7)] int? ReadinessPercent = null,
    [property: Id(8)] int? Blocking = null);

/// <summary>The incident a notification is about: what and where, who took it, never its notes.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.NotifiedIncident")]
public sealed record NotifiedIncident(
    [property: Id(0)] string Id,
    [property: Id(1)] IncidentKind Kind,
    [property: Id(2)] IncidentSeverity Severity,
    [property: Id(3)] IncidentState State,
    [property: Id(4)] string TargetType,
    [property: Id(5)] string TargetId,
    [property: Id(6)] string TargetName,
    [property: Id(7)] string Summary,
    [property: Id(8)] int AffectedDelegates,
    [property: Id(9)] DateTimeOffset OpenedAt,
    [property: Id(10)] DateTimeOffset? AcknowledgedAt,
    [property: Id(11)] DateTimeOffset? ResolvedAt,
    [property: Id(12)] string SessionId,
    [property: Id(13)] string? Province = null)
{
    public const string VenuePlaceholder = "venue";

    /// <summary>
    /// A notification leaves the system for mailboxes and chat rooms: a security finding at a venue says that there is
    /// one, never which venue (a lodging's name is where delegates sleep) nor what security wrote. Notes never leave.
    /// </summary>
    public static NotifiedIncident Of(Incident incident)
    {
        var hidden = incident.IsSecurity && incident.TargetType == "venue";
        var summary = !hidden ? incident.Summary
            : incident.Cause == IncidentCause.Overdue ? "Readiness deadline passed: required security checks not done at a venue."
            : "A security finding at a venue.";
        return new(
            incident.Id, incident.Kind, incident.Severity, incident.State, incident.TargetType, hidden ? "" : incident.TargetId,
            hidden ? VenuePlaceholder : incident.TargetName, summary, incident.AffectedDelegates, incident.OpenedAt, incident.AcknowledgedAt,
            incident.ResolvedAt, incident.SessionId);
    }
}

/// <summary>
/// One thing to tell: its id is the same for every channel and every retry (a receiver drops repeats by it), and is
/// made from what happened, so that the same fact raised twice is one notification. The grain where it happens gives
/// the incident or the sitting's id; the outbox adds the sitting and the provinces it concerns.
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionOps.Notification")]
public sealed record Notification(
    [property: Id(0)] string Id,
    [property: Id(1)] NotificationEvent Event,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] IncidentSeverity? Severity,
    [property: Id(4)] string[] Provinces,
    [property: Id(5)] NotifiedSession? Session,
    [property: Id(6)] NotifiedIncident? Incident,
    [property: Id(7)] IncidentSeverity? PreviousSeverity = null);

/// <summary>A notification channel set up by an admin, and how its deliveries went.</summary>
[Alias("SessionOps.INotificationChannelGrain")]
public interface INotificationChannelGrain : IGrainWithStringKey
{
    Task<CommandResult> Define(ChannelSpec spec, Actor by);

    Task<NotificationChannel?> Get();

    Task<CommandResult> Delete();

    /// <summary>The outcome of one delivery attempt, told by the outbox.</summary>
    Task Attempted(DeliveryOutcome outcome, DateTimeOffset at, string? failure);
}

public enum DeliveryOutcome
{
    Delivered,

    /// <summary>Failed in a way worth trying again: the receiver down, slow, busy (408, 429, 5xx) or unreachable.</summary>
    Failed,

    /// <summary>Failed for good: the receiver refused it (another 4xx, a mailbox refused), or retried past the limit.</summary>
    Abandoned,
}

/// <summary>
/// The cluster's one outbox: every notification is written here before anything is sent, one delivery per channel
/// that wants it, and its sender retries each with backoff until delivered or refused for good. Duplicates are
/// possible (a delivery sent while its silo died is sent again); losses are not. It also watches each open incident
/// for escalation.
/// </summary>
[Alias("SessionOps.INotificationOutboxGrain")]
public interface INotificationOutboxGrain : IGrainWithStringKey
{
    public const string Key = "cluster";

    /// <summary>Writes the notification's deliveries; returns once they are durable.</summary>
    Task Raise(Notification notification);

    /// <summary>A test message to one channel, now.</summary>
    Task<CommandResult> SendTest(string channelId, Actor by);

    /// <summary>Deliveries waiting, for the channel's status (null: all).</summary>
    Task<int> Pending(string? channelId);

    /// <summary>Starts the sender after a restart without waiting for the reminder.</summary>
    Task Wake();

    /// <summary>The outcome of one attempt, told by the sender that made it.</summary>
    Task Attempted(string deliveryId, DeliveryOutcome outcome, string? failure);
}
