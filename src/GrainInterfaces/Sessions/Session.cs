using Orleans.Concurrency;

namespace SessionOps.Sessions;

public enum SessionKind
{
    Plenary,
    StandingCommittee,
    Conference,
    Other,
}

public enum SessionFormat
{
    InPerson,
    Online,
    Hybrid,
}

/// <summary>
/// scheduled → preparing → ready → live ⇄ suspended → adjourned → closed, plus postponed and
/// cancelled from any phase before closed. <see cref="SessionPhases"/> holds the rules.
/// </summary>
public enum SessionPhase
{
    Scheduled,
    Preparing,
    Ready,
    Live,
    Suspended,
    Adjourned,
    Closed,
    Postponed,
    Cancelled,
}

[GenerateSerializer, Immutable, Alias("SessionOps.SessionSpec")]
public sealed record SessionSpec(
    [property: Id(0)] string Title,
    [property: Id(1)] SessionKind Kind,
    [property: Id(2)] SessionFormat Format,
    [property: Id(3)] string HallVenueId,
    [property: Id(4)] DateTimeOffset ScheduledStart,
    [property: Id(5)] DateTimeOffset ScheduledEnd,
    [property: Id(6)] string[] ConnectionPointIds,
    [property: Id(7)] string[] DelegateIds,
    [property: Id(8)] int? Quorum,
    [property: Id(9)] string[]? VenueIds = null)
{
    /// <summary>Venues of the sitting besides the hall and the delegates' lodging: dining sites, say.</summary>
    public string[] OtherVenueIds => VenueIds ?? [];

    /// <summary>Value equality, arrays included, so that a repeated PUT is recognised as the same.</summary>
    public bool SameAs(SessionSpec other) =>
        Title == other.Title && Kind == other.Kind && Format == other.Format &&
        HallVenueId == other.HallVenueId && ScheduledStart == other.ScheduledStart &&
        ScheduledEnd == other.ScheduledEnd && Quorum == other.Quorum &&
        ConnectionPointIds.SequenceEqual(other.ConnectionPointIds) &&
        DelegateIds.SequenceEqual(other.DelegateIds) &&
        OtherVenueIds.SequenceEqual(other.OtherVenueIds);
}

/// <summary>One move of a session from one phase to another, kept for the after-action review.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.PhaseChange")]
public sealed record PhaseChange(
    [property: Id(0)] SessionPhase From,
    [property: Id(1)] SessionPhase To,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string By,
    [property: Id(4)] string? Reason,
    [property: Id(5)] bool Override);

[GenerateSerializer, Immutable, Alias("SessionOps.PhaseRequest")]
public sealed record PhaseRequest(
    [property: Id(0)] SessionPhase Phase,
    [property: Id(1)] string? Reason,
    [property: Id(2)] bool Override,
    [property: Id(3)] Actor By);

[GenerateSerializer, Immutable, Alias("SessionOps.Session")]
public sealed record Session(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] SessionKind Kind,
    [property: Id(3)] SessionFormat Format,
    [property: Id(4)] string HallVenueId,
    [property: Id(5)] DateTimeOffset ScheduledStart,
    [property: Id(6)] DateTimeOffset ScheduledEnd,
    [property: Id(7)] string[] ConnectionPointIds,
    [property: Id(8)] string[] DelegateIds,
    [property: Id(9)] int? Quorum,
    [property: Id(10)] SessionPhase Phase,
    [property: Id(11)] string? PhaseReason,
    [property: Id(12)] PhaseChange[] History,
    [property: Id(13)] DateTimeOffset UpdatedAt,
    [property: Id(14)] string[]? VenueIds = null);

/// <summary>A sitting: its make-up (hall, connection points, delegates) and its phase.</summary>
[Alias("SessionOps.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    Task<CommandResult> Define(SessionSpec spec);

    /// <summary>The session as last written. Interleaves: any grain may ask at any time without risk of a call cycle.</summary>
    [AlwaysInterleave]
    Task<Session?> Get();

    Task<CommandResult> ChangePhase(PhaseRequest request);
}
