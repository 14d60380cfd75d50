using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionOps.Catalogs;

namespace SessionOps.ConnectionPoints;

/// <summary>Wakes every connection point: each that can fall silent starts its silence timer again.</summary>
public static class ConnectionPointWatch
{
    /// <summary>
    /// Activates every point (those already active answer at once), a hundred at a time, the hundreds spread over
    /// <paramref name="spread"/> (none: at once). Right after a silo's death the catalog or a point may still be on its
    /// way to a new silo: the round is tried again, a few times.
    /// </summary>
    public static async Task WakeAll(IGrainFactory grains, ILogger logger, CancellationToken cancellationToken = default, TimeSpan spread = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var ids = await grains.GetGrain<ICatalogGrain>(Catalog.ConnectionPoints).List();
                var batches = ids.Chunk(100).ToArray();
                var pause = batches.Length > 1 ? spread / batches.Length : TimeSpan.Zero;
                foreach (var batch in batches)
                {
                    await Task.WhenAll(batch.Select(id => grains.GetGrain<IConnectionPointGrain>(id).Wake()));
                    if (pause > TimeSpan.Zero)
                    {
                        await Task.Delay(pause, cancellationToken);
                    }
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

public sealed class ConnectionPointWatchGrain(IOptions<HealthOptions> options, ILogger<ConnectionPointWatchGrain> logger)
    : Grain, IConnectionPointWatchGrain, IRemindable
{
    private const string ReminderName = "wake-points";

    /// <summary>
    /// The backstop's wake is spread over a third of its period, at most 20 s (a reminder's call must answer within
    /// the response timeout): 10,000 points woken at once held up a fleet's heartbeats by 0.4 s.
    /// </summary>
    private TimeSpan Spread => TimeSpan.FromTicks(Math.Min(options.Value.WakeFleetEvery.Ticks / 3, TimeSpan.FromSeconds(20).Ticks));

    public async Task Start() =>
        await this.RegisterOrUpdateReminder(ReminderName, options.Value.WakeFleetEvery, options.Value.WakeFleetEvery);

    public Task ReceiveReminder(string reminderName, TickStatus status) => reminderName == ReminderName
        ? ConnectionPointWatch.WakeAll(GrainFactory, logger, CancellationToken.None, Spread)
        : Task.CompletedTask;
}
