namespace SessionOps.ConnectionPoints;

public enum ConnectionPointKind
{
    ProvincialDelegation,
    RegionalOffice,
    Central,
}

/// <summary>Link health of a connection point, as the board shows it.</summary>
public enum LinkHealth
{
    Unknown,
    Online,
    Degraded,
    Offline,
}

[GenerateSerializer, Immutable, Alias("SessionOps.ConnectionPointSpec")]
public sealed record ConnectionPointSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] string Province,
    [property: Id(2)] ConnectionPointKind Kind);

[GenerateSerializer, Immutable, Alias("SessionOps.ConnectionPoint")]
public sealed record ConnectionPoint(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Province,
    [property: Id(3)] ConnectionPointKind Kind,
    [property: Id(4)] LinkHealth Health,
    [property: Id(5)] DateTimeOffset? LastHeartbeatAt,
    [property: Id(6)] DateTimeOffset UpdatedAt);

/// <summary>An online connection point ("điểm cầu") at a delegation or regional office.</summary>
[Alias("SessionOps.IConnectionPointGrain")]
public interface IConnectionPointGrain : IGrainWithStringKey
{
    Task<CommandResult> Define(ConnectionPointSpec spec);

    Task<ConnectionPoint?> Get();
}
