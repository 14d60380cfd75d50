namespace SessionOps;

/// <summary>The signed-in person on whose behalf a command runs; kept on histories.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.Actor")]
public sealed record Actor(
    [property: Id(0)] string Name,
    [property: Id(1)] string Role,
    [property: Id(2)] string? AccountId = null);
