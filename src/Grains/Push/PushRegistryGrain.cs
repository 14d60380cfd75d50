namespace SessionOps.Push;

[GenerateSerializer, Alias("SessionOps.PushRegistryState")]
public sealed class PushRegistryState
{
    [Id(0)] public Dictionary<string, IPushObserver> Gateways { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The Gateways that forward pushes to their SignalR clients. Kept in storage so that a registry that moves to
/// another silo still knows them; a Gateway that stops renewing is dropped after the expiry.
/// </summary>
public sealed class PushRegistryGrain(
    [PersistentState("pushRegistry", StorageNames.Main)] IPersistentState<PushRegistryState> state,
    TimeProvider clock) : Grain, IPushRegistryGrain
{
    private static readonly TimeSpan RevocationTimeout = TimeSpan.FromSeconds(3);

    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Whoever was registered before this activation gets a full expiry to renew.
        foreach (var gateway in state.State.Gateways.Keys)
        {
            _seen[gateway] = clock.GetUtcNow();
        }

        return Task.CompletedTask;
    }

    public async Task Register(string gatewayId, IPushObserver observer)
    {
        _seen[gatewayId] = clock.GetUtcNow();
        if (state.State.Gateways.TryGetValue(gatewayId, out var known) && known.Equals(observer))
        {
            return;
        }

        state.State.Gateways[gatewayId] = observer;
        await state.WriteStateAsync();
    }

    public async Task Unregister(string gatewayId)
    {
        _seen.Remove(gatewayId);
        if (state.State.Gateways.Remove(gatewayId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task Revoke(SessionOps.Accounts.AccessRevocation revocation)
    {
        var observers = state.State.Gateways.Values.ToArray();
        // A Gateway that does not answer in time is dead or stuck; its hub connections re-check their sessions anyway.
        await Task.WhenAll(observers.Select(async observer =>
        {
            try
            {
                await observer.AccessRevoked(revocation).WaitAsync(RevocationTimeout);
            }
            catch (Exception)
            {
            }
        }));
    }

    public async Task<IPushObserver[]> Observers()
    {
        var expired = _seen.Where(s => clock.GetUtcNow() - s.Value > PushRegistration.Expiry).Select(s => s.Key).ToArray();
        foreach (var gateway in expired)
        {
            _seen.Remove(gateway);
            state.State.Gateways.Remove(gateway);
        }

        if (expired.Length > 0)
        {
            await state.WriteStateAsync();
        }

        return [.. state.State.Gateways.Values];
    }
}
