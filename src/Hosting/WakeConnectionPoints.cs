using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using SessionOps.ConnectionPoints;
using SessionOps.Notifications;

namespace SessionOps.Hosting;

/// <summary>
/// After a restart, every point is woken at once, so that silence is noticed again without waiting for traffic or the
/// fleet's one-minute watch; so is the notification outbox, so that its deliveries go on at once.
/// </summary>
internal sealed class WakeConnectionPoints(IGrainFactory grains, ILogger<WakeConnectionPoints> logger) : IStartupTask
{
    public Task Execute(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => WakeAll(grains, logger, cancellationToken), cancellationToken);
        return Task.CompletedTask;
    }

    /// <summary>Wakes every point, and the notification outbox on its own; keeps the fleet's minute watch registered.</summary>
    public static async Task WakeAll(IGrainFactory grains, ILogger logger, CancellationToken cancellationToken = default)
    {
        // The notification outbox too, on its own: what it owes is sent again without waiting for its reminder, and
        // an outbox that cannot wake holds up no point.
        _ = WakeOutbox(grains, logger, cancellationToken);
        _ = StartFleetWatch(grains, logger, cancellationToken);
        await ConnectionPointWatch.WakeAll(grains, logger, cancellationToken);
    }

    private static async Task StartFleetWatch(IGrainFactory grains, ILogger logger, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= 6 && !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await grains.GetGrain<IConnectionPointWatchGrain>(IConnectionPointWatchGrain.Key).Start();
                return;
            }
            catch (Exception exception) when (attempt < 6)
            {
                logger.LogInformation(exception, "The fleet's watch could not be started (attempt {Attempt})", attempt);
                await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "The fleet's watch could not be started; the next silo start or silo loss tries again");
            }
        }
    }

    private static async Task WakeOutbox(IGrainFactory grains, ILogger logger, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= 6 && !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await grains.GetGrain<INotificationOutboxGrain>(INotificationOutboxGrain.Key).Wake();
                return;
            }
            catch (Exception exception)
            {
                logger.LogInformation(exception, "The notification outbox could not be woken (attempt {Attempt}); its reminder will", attempt);
                await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
            }
        }
    }
}

/// <summary>
/// When membership declares a silo dead, the points it held lost their silence timers with it: the oldest active silo
/// wakes every point, so that a point whose agent fell silent with the silo is offline within
/// <c>Health:OfflineAfter</c> of the death being known, not at the next reminder a minute later.
/// </summary>
internal sealed class RewatchAfterSiloLoss(
    IClusterMembershipService membership, ILocalSiloDetails local, IGrainFactory grains, ILogger<RewatchAfterSiloLoss> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        HashSet<SiloAddress>? dead = null;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var deadNow = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress).ToHashSet();
                // The first snapshot holds the dead of earlier runs: only deaths seen happening count.
                var newlyDead = dead is null ? [] : deadNow.Except(dead).ToArray();
                dead = deadNow;
                var oldestActive = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active)
                    .OrderBy(m => m.SiloAddress.Generation).ThenBy(m => m.SiloAddress.ToString(), StringComparer.Ordinal).FirstOrDefault();
                if (newlyDead.Length > 0 && oldestActive?.SiloAddress.Equals(local.SiloAddress) == true)
                {
                    logger.LogWarning("Silo {Dead} is dead: waking every connection point so that silence is watched again", string.Join(", ", newlyDead));
                    await WakeConnectionPoints.WakeAll(grains, logger, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
