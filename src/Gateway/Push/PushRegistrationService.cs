using SessionOps.Push;

namespace SessionOps.Gateway.Push;

/// <summary>
/// Keeps this Gateway registered for pushes: registers its observer before the first client can subscribe, renews
/// it (observers expire, registries move), and says goodbye on the way out.
/// </summary>
public sealed class PushRegistrationService(
    IGrainFactory grains,
    PushForwarder forwarder,
    ILogger<PushRegistrationService> logger) : BackgroundService
{
    private readonly string _gatewayId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private IPushObserver? _reference;

    private IPushRegistryGrain Registry => grains.GetGrain<IPushRegistryGrain>(PushRegistration.RegistryKey);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = grains.CreateObjectReference<IPushObserver>(forwarder);
        await Registry.Register(_gatewayId, _reference);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PushRegistration.Renew);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Registry.Register(_gatewayId, _reference!);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Push registration could not be renewed; trying again in {Interval}", PushRegistration.Renew);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await Registry.Unregister(_gatewayId).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            if (_reference is not null)
            {
                grains.DeleteObjectReference<IPushObserver>(_reference);
            }
        }
        catch (Exception exception)
        {
            // The client may already be going down with the host; the registration expires by itself.
            logger.LogDebug(exception, "Push registration could not be removed");
        }
    }
}
