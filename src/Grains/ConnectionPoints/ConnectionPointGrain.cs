using SessionOps.Catalogs;

namespace SessionOps.ConnectionPoints;

[GenerateSerializer, Alias("SessionOps.ConnectionPointState")]
public sealed class ConnectionPointState
{
    [Id(0)] public ConnectionPointSpec? Spec { get; init; }
    [Id(1)] public DateTimeOffset UpdatedAt { get; init; }
}

public sealed class ConnectionPointGrain(
    [PersistentState("connectionPoint", StorageNames.Main)] IPersistentState<ConnectionPointState> state,
    TimeProvider clock) : Grain, IConnectionPointGrain
{
    public async Task<CommandResult> Define(ConnectionPointSpec spec)
    {
        if (state.State.Spec != spec)
        {
            await state.Commit(new ConnectionPointState { Spec = spec, UpdatedAt = clock.GetUtcNow() });
        }

        await GrainFactory.GetGrain<ICatalogGrain>(Catalog.ConnectionPoints).Add(this.GetPrimaryKeyString());
        return CommandResult.Ok;
    }

    public Task<ConnectionPoint?> Get() => Task.FromResult(
        state.State.Spec is { } spec
            ? new ConnectionPoint(
                this.GetPrimaryKeyString(), spec.Name, spec.Province, spec.Kind,
                LinkHealth.Unknown, LastHeartbeatAt: null, state.State.UpdatedAt)
            : null);
}
