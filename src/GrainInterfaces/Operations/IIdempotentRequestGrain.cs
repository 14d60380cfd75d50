using Orleans.Concurrency;

namespace SessionOps.Operations;

/// <summary>The answer a request got the first time, kept so that a repeat with the same <c>Idempotency-Key</c> gets it again.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.StoredResponse")]
public sealed record StoredResponse(
    [property: Id(0)] int Status,
    [property: Id(1)] string? ContentType,
    [property: Id(2)] byte[] Body,
    [property: Id(3)] DateTimeOffset At);

public enum RequestStart
{
    /// <summary>First time: carry it out, then <see cref="IIdempotentRequestGrain.Complete"/>.</summary>
    New,

    /// <summary>The same key is being carried out right now.</summary>
    InProgress,

    /// <summary>Carried out before: answer <see cref="RequestBegun.Response"/>.</summary>
    Done,

    /// <summary>The key was used before for a different request.</summary>
    Mismatch,
}

[GenerateSerializer, Immutable, Alias("SessionOps.RequestBegun")]
public sealed record RequestBegun(
    [property: Id(0)] RequestStart Start,
    [property: Id(1)] StoredResponse? Response);

/// <summary>
/// One <c>Idempotency-Key</c> of one caller, keyed by a hash of both. Remembers the request it was first used for and,
/// once carried out, its answer, for <see cref="IdempotentRequests.Retention"/>.
/// </summary>
[Alias("SessionOps.IIdempotentRequestGrain")]
public interface IIdempotentRequestGrain : IGrainWithStringKey
{
    Task<RequestBegun> Begin(string requestHash);

    Task Complete(string requestHash, StoredResponse response);

    /// <summary>The attempt failed without an answer worth keeping (the cluster did not answer): a repeat carries it out again.</summary>
    Task Abandon(string requestHash);
}

public static class IdempotentRequests
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
}
