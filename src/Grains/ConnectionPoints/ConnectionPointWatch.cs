using Microsoft.Extensions.Logging;
using SessionOps.Catalogs;

namespace SessionOps.ConnectionPoints;

/// <summary>Wakes every connection point: each that can fall silent starts its silence timer again.</summary>
public static class ConnectionPointWatch
{
    /// <summary>
    /// Activates every point (those already active answer at once), a hundred at a time. Right after a silo's death the
    /// catalog or a point may still be on its way to a new silo: the round is tried again, a few times.
    /// </summary>
    public static async Task WakeAll(IGrainFactory grains, ILogger logger, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var ids = await grains.GetGrain<ICatalogGrain>(Catalog.ConnectionPoints).List();
                foreach (var batch in ids.Chunk(100))
                {
                    await Task.WhenAll(batch.Select(id => grains.GetGrain<IConnectionPointGrain>(id).Wake()));
                }

                return;
            }
            catch (Exception exception) when (attempt < 6 && !cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation(exception, "Connection points could not all be woken (attempt {Attempt}); trying again", attempt);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Connection points could not all be woken; the fleet's watch tries again within a minute");
                return;
            }
        }
    }
}

public sealed class ConnectionPointWatchGrain(ILogger<ConnectionPointWatchGrain> logger) : Grain, IConnectionPointWatchGrain, IRemindable
{
    private const string ReminderName = "wake-points";

    public async Task Start()
    {
        if (await this.GetReminder(ReminderName) is null)
        {
            await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        ConnectionPointWatch.WakeAll(GrainFactory, logger);
}
