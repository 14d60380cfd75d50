namespace SessionOps.Push;

public sealed class PushOptions
{
    /// <summary>The least time between two <c>BoardUpdated</c> of one session: a burst of changes is sent as its latest board.</summary>
    public TimeSpan BoardInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How stale the list of Gateways may be: a new Gateway hears its first pushes within this time.</summary>
    public TimeSpan TargetsRefresh { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// The Gateways' observers as one silo knows them, refreshed from the registry at most once per
/// <see cref="PushOptions.TargetsRefresh"/>, so that the boards of a silo share one look-up instead of one each.
/// </summary>
public sealed class PushTargets(IGrainFactory grains, TimeProvider clock, Microsoft.Extensions.Options.IOptions<PushOptions> options)
{
    private IPushObserver[] _observers = [];
    private DateTimeOffset _refreshedAt = DateTimeOffset.MinValue;
    private Task<IPushObserver[]>? _refreshing;

    public async ValueTask<IPushObserver[]> Current()
    {
        if (clock.GetUtcNow() - _refreshedAt < options.Value.TargetsRefresh)
        {
            return _observers;
        }

        var refreshing = _refreshing ??= grains.GetGrain<IPushRegistryGrain>(PushRegistration.RegistryKey).Observers();
        try
        {
            _observers = await refreshing;
            _refreshedAt = clock.GetUtcNow();
        }
        catch (Exception)
        {
            // The registry is moving; keep pushing to the Gateways known so far.
        }
        finally
        {
            _ = Interlocked.CompareExchange(ref _refreshing, null, refreshing);
        }

        return _observers;
    }
}
