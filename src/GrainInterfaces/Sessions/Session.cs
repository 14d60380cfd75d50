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
    [property: Id(9)] string[]? VenueIds = null,
    [property: Id(10)] PlenaryRef? PlenarySession = null)
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
        OtherVenueIds.SequenceEqual(other.OtherVenueIds) && PlenarySession == other.PlenarySession;
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

/// <summary>One move of a sitting to another time (lùi), kept with who moved it and why.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.ScheduleChange")]
public sealed record ScheduleChange(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string By,
    [property: Id(2)] DateTimeOffset FromStart,
    [property: Id(3)] DateTimeOffset FromEnd,
    [property: Id(4)] DateTimeOffset ToStart,
    [property: Id(5)] DateTimeOffset ToEnd,
    [property: Id(6)] string Reason);

public enum SessionChangeKind
{
    Phase,
    Reschedule,
}

/// <summary>
/// One entry of a session's history as readers see it: a move of phase (<see cref="From"/> and <see cref="To"/> are
/// phases) or of time (they are ISO 8601 intervals, <c>start/end</c>), who made it, when, and why.
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionOps.SessionHistoryEntry")]
public sealed record SessionHistoryEntry(
    [property: Id(0)] SessionChangeKind Kind,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string By,
    [property: Id(3)] string From,
    [property: Id(4)] string To,
    [property: Id(5)] string? Reason,
    [property: Id(6)] bool Override)
{
    public bool IsMoveTo(SessionPhase phase) => Kind == SessionChangeKind.Phase && To == EnumText.Camel(phase);

    public static SessionHistoryEntry Of(PhaseChange change) =>
        new(SessionChangeKind.Phase, change.At, change.By, EnumText.Camel(change.From), EnumText.Camel(change.To), change.Reason, change.Override);

    public static SessionHistoryEntry Of(ScheduleChange change) =>
        new(SessionChangeKind.Reschedule, change.At, change.By, Interval(change.FromStart, change.FromEnd), Interval(change.ToStart, change.ToEnd),
            change.Reason, Override: false);

    private static string Interval(DateTimeOffset start, DateTimeOffset end) =>
        $"{start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)}/" +
        end.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}

[GenerateSerializer, Immutable, Alias("SessionOps.RescheduleRequest")]
public sealed record RescheduleRequest(
    [property: Id(0)] DateTimeOffset ScheduledStart,
    [property: Id(1)] DateTimeOffset ScheduledEnd,
    [property: Id(2)] string Reason,
    [property: Id(3)] Actor By);

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
    [property: Id(12)] SessionHistoryEntry[] History,
    [property: Id(13)] DateTimeOffset UpdatedAt,
    [property: Id(14)] string[]? VenueIds = null,
    [property: Id(15)] PlenaryRef? PlenarySession = null)
{
    /// <summary>The Hà Nội days the sitting spans: a sitting of two days is on the board of each.</summary>
    public IEnumerable<DateOnly> Days => ParliamentTime.DaysOf(ScheduledStart, ScheduledEnd);

    /// <summary>When the sitting last went live, for "live for 1 h 05 min".</summary>
    public DateTimeOffset? LiveSince => History.LastOrDefault(h => h.IsMoveTo(SessionPhase.Live))?.At;
}

/// <summary>A sitting: its make-up (hall, connection points, delegates) and its phase.</summary>
[Alias("SessionOps.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    Task<CommandResult> Define(SessionSpec spec);

    /// <summary>What <see cref="Define"/> would do with <paramref name="spec"/>, writing nothing: an import's dry run.</summary>
    Task<DefinePreview> Preview(SessionSpec spec);

    /// <summary>The session as last written. Interleaves: any grain may ask at any time without risk of a call cycle.</summary>
    [AlwaysInterleave]
    Task<Session?> Get();

    Task<CommandResult> ChangePhase(PhaseRequest request);

    /// <summary>
    /// Moves the sitting to another time (lùi) before it goes live; a postponed sitting given a new time is scheduled
    /// again. Every move is kept in the history with its author and reason.
    /// </summary>
    Task<CommandResult> Reschedule(RescheduleRequest request);
}
