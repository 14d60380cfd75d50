using SessionOps.Catalogs;

namespace SessionOps.Venues;

[GenerateSerializer, Alias("SessionOps.VenueState")]
public sealed class VenueState
{
    [Id(0)] public VenueSpec? Spec { get; init; }
    [Id(1)] public DateTimeOffset UpdatedAt { get; init; }
}

public sealed class VenueGrain(
    [PersistentState("venue", StorageNames.Main)] IPersistentState<VenueState> state,
    TimeProvider clock) : Grain, IVenueGrain
{
    public async Task<CommandResult> Define(VenueSpec spec)
    {
        if (state.State.Spec != spec)
        {
            await state.Commit(new VenueState { Spec = spec, UpdatedAt = clock.GetUtcNow() });
        }

        // Also on a repeated PUT: it mends a catalog entry lost between the two writes.
        await GrainFactory.GetGrain<ICatalogGrain>(Catalog.Venues).Add(this.GetPrimaryKeyString());
        return CommandResult.Ok;
    }

    public Task<Venue?> Get() => Task.FromResult(
        state.State.Spec is { } spec
            ? new Venue(this.GetPrimaryKeyString(), spec.Name, spec.Kind, spec.Address, state.State.UpdatedAt)
            : null);
}
