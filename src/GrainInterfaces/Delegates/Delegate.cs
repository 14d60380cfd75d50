using Orleans.Concurrency;

namespace SessionOps.Delegates;

[GenerateSerializer, Immutable, Alias("SessionOps.DelegateSpec")]
public sealed record DelegateSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] string Delegation,
    [property: Id(2)] string? LodgingVenueId);

/// <summary>
/// A delegate as stored. <see cref="LodgingVenueId"/> is for admin and security only:
/// the Gateway leaves it out for every other role.
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionOps.DelegateRecord")]
public sealed record DelegateRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Delegation,
    [property: Id(3)] string? LodgingVenueId,
    [property: Id(4)] DateTimeOffset UpdatedAt);

/// <summary>A deputy ("đại biểu") and the delegation they belong to.</summary>
[Alias("SessionOps.IDelegateGrain")]
public interface IDelegateGrain : IGrainWithStringKey
{
    Task<CommandResult> Define(DelegateSpec spec);

    /// <summary>What <see cref="Define"/> would do with <paramref name="spec"/>, writing nothing: an import's dry run.</summary>
    Task<DefinePreview> Preview(DelegateSpec spec);

    /// <summary>Interleaves: the directory reads every delegate when it wakes, maybe woken by one that is being defined.</summary>
    [AlwaysInterleave]
    Task<DelegateRecord?> Get();
}
