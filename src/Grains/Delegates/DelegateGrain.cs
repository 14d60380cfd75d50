using SessionOps.Catalogs;
using SessionOps.Venues;

namespace SessionOps.Delegates;

[GenerateSerializer, Alias("SessionOps.DelegateState")]
public sealed class DelegateState
{
    [Id(0)] public DelegateSpec? Spec { get; init; }
    [Id(1)] public DateTimeOffset UpdatedAt { get; init; }
}

public sealed class DelegateGrain(
    [PersistentState("delegate", StorageNames.Main)] IPersistentState<DelegateState> state,
    TimeProvider clock) : Grain, IDelegateGrain
{
    public async Task<DefinePreview> Preview(DelegateSpec spec)
    {
        var outcome = state.State.Spec is null ? DefineOutcome.Created
            : state.State.Spec == spec ? DefineOutcome.Unchanged
            : DefineOutcome.Updated;
        if (spec.LodgingVenueId is { } lodgingId)
        {
            var lodging = await GrainFactory.GetGrain<IVenueGrain>(lodgingId).Get();
            if (lodging is null)
            {
                return new(outcome, CommandResult.Invalid("lodgingVenueId", $"There is no venue '{lodgingId}'."));
            }

            if (lodging.Kind != VenueKind.Lodging)
            {
                return new(outcome, CommandResult.Invalid("lodgingVenueId", $"Venue '{lodgingId}' is not a lodging venue."));
            }
        }

        return new(outcome, CommandResult.Ok);
    }

    public async Task<CommandResult> Define(DelegateSpec spec)
    {
        var preview = await Preview(spec);
        if (!preview.Result.IsOk)
        {
            return preview.Result;
        }

        if (preview.Outcome != DefineOutcome.Unchanged)
        {
            await state.Commit(new DelegateState { Spec = spec, UpdatedAt = clock.GetUtcNow() });
        }

        await GrainFactory.GetGrain<ICatalogGrain>(Catalog.Delegates).Add(this.GetPrimaryKeyString());
        // Told when unchanged too: a repeat of a definition whose note failed puts the directory right.
        await GrainFactory.GetGrain<IDelegateDirectoryGrain>(IDelegateDirectoryGrain.Key).DelegateDefined(Record()!);
        return CommandResult.Ok;
    }

    public Task<DelegateRecord?> Get() => Task.FromResult(Record());

    private DelegateRecord? Record() => state.State.Spec is { } spec
        ? new DelegateRecord(this.GetPrimaryKeyString(), spec.Name, spec.Delegation, spec.LodgingVenueId, state.State.UpdatedAt)
        : null;
}
