using System.Text.Json.Serialization;
using Orleans.Concurrency;
using SessionOps.ConnectionPoints;

namespace SessionOps.Readiness;

public enum ReadinessState
{
    Pending,
    Go,
    NoGo,
}

public enum CheckStatus
{
    Pending,
    Pass,
    Fail,
    Waived,
}

public enum CheckTarget
{
    ConnectionPoint,
    Venue,
}

/// <summary>Whose an item is: technical items are the operators', sweeps security's.</summary>
public enum CheckOwner
{
    Technical,
    Security,
}

/// <summary>One recorded check: who, when, the result and a note. Kept, never overwritten.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.ReadinessCheck")]
public sealed record ReadinessCheck(
    [property: Id(0)] CheckTarget TargetType,
    [property: Id(1)] string TargetId,
    [property: Id(2)] string Item,
    [property: Id(3)] CheckStatus Status,
    [property: Id(4)] string By,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] string? Note,
    [property: Id(7), JsonIgnore] string? RequestId = null) : IHistoryEntry;

/// <summary>
/// An item of a session's checklist with its latest check; a dry run past its validity is pending again.
/// <see cref="Private"/>: the target's name is security's to know (a lodging).
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionOps.ReadinessItem")]
public sealed record ReadinessItem(
    [property: Id(0)] CheckTarget TargetType,
    [property: Id(1)] string TargetId,
    [property: Id(2)] string TargetName,
    [property: Id(3)] string Item,
    [property: Id(4)] bool Required,
    [property: Id(5)] CheckOwner Owner,
    [property: Id(6)] CheckStatus Status,
    [property: Id(7)] string? By,
    [property: Id(8)] DateTimeOffset? At,
    [property: Id(9)] string? Note,
    [property: Id(10)] bool Expired = false,
    [property: Id(11)] bool Private = false);

[GenerateSerializer, Immutable, Alias("SessionOps.SessionReadiness")]
public sealed record SessionReadiness(
    [property: Id(0)] string SessionId,
    [property: Id(1)] ReadinessState State,
    [property: Id(2)] int Percent,
    [property: Id(3)] ReadinessItem[] Items,
    [property: Id(4)] string[] Blocking,
    [property: Id(5)] DateTimeOffset Deadline);

/// <summary>
/// A check to record. <see cref="RequestId"/>: the API request that asks it (from its <c>Idempotency-Key</c>), kept with
/// the check, so that the request repeated after its answer was lost records nothing twice.
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionOps.CheckRequest")]
public sealed record CheckRequest(
    [property: Id(0)] CheckTarget TargetType,
    [property: Id(1)] string TargetId,
    [property: Id(2)] string Item,
    [property: Id(3)] CheckStatus Status,
    [property: Id(4)] string? Note,
    [property: Id(5)] Actor By,
    [property: Id(6)] string? RequestId = null);

/// <summary>The outcome of recording a check: the command's result, and the readiness after it when it was recorded.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.CheckOutcome")]
public sealed record CheckOutcome(
    [property: Id(0)] CommandResult Result,
    [property: Id(1)] SessionReadiness? Readiness);

/// <summary>
/// A session's readiness checklist ("kiểm tra, rà soát, chạy thử"): generated from the session's make-up, kept current
/// when it changes, with every check kept. Chases its deadline with a durable reminder.
/// </summary>
[Alias("SessionOps.IReadinessGrain")]
public interface IReadinessGrain : IGrainWithStringKey
{
    Task<SessionReadiness?> Get();

    /// <summary>The owner of an item of the checklist, or null when the session has no such item.</summary>
    Task<CheckOwner?> OwnerOf(CheckTarget targetType, string targetId, string item);

    Task<CheckOutcome> Record(CheckRequest request);

    /// <summary>Every check recorded for the session, oldest first, for the timeline.</summary>
    Task<ReadinessCheck[]> History();

    /// <summary>The session's make-up changed: regenerate the checklist and move the deadline.</summary>
    [OneWay]
    Task SessionChanged();
}
