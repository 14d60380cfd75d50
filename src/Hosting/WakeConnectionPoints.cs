using Microsoft.Extensions.Logging;
using SessionOps.Catalogs;
using SessionOps.ConnectionPoints;

namespace SessionOps.Hosting;

/// <summary>
/// After a silo starts, every connection point is woken so that silence is watched again at once, not when
/// traffic returns or the next reminder fires. It runs in the background: the silo does not wait for it.
/// </summary>
internal sealed class WakeConnectionPoints(IGrainFactory grains, ILogger<WakeConnectionPoints> logger) : IStartupTask
{
    public Task Execute(CancellationToken cancellationToken)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                var ids = await grains.GetGrain<ICatalogGrain>(Catalog.ConnectionPoints).List();
                foreach (var batch in ids.Chunk(100))
                {
                    await Task.WhenAll(batch.Select(id => grains.GetGrain<IConnectionPointGrain>(id).Wake()));
                }
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Connection points could not all be woken; reminders will wake them");
            }
        }, cancellationToken);
        return Task.CompletedTask;
    }
}
