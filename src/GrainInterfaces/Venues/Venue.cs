namespace SessionOps.Venues;

public enum VenueKind
{
    Hall,
    MeetingRoom,
    Lodging,
    Dining,
    Other,
}

[GenerateSerializer, Immutable, Alias("SessionOps.VenueSpec")]
public sealed record VenueSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] VenueKind Kind,
    [property: Id(2)] string? Address);

[GenerateSerializer, Immutable, Alias("SessionOps.Venue")]
public sealed record Venue(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] VenueKind Kind,
    [property: Id(3)] string? Address,
    [property: Id(4)] DateTimeOffset UpdatedAt);

/// <summary>A place of a sitting: the hall, a meeting room, a lodging or dining site.</summary>
[Alias("SessionOps.IVenueGrain")]
public interface IVenueGrain : IGrainWithStringKey
{
    Task<CommandResult> Define(VenueSpec spec);

    Task<Venue?> Get();
}
