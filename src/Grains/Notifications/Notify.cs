using Microsoft.Extensions.Logging;

namespace SessionOps.Notifications;

internal static class Notify
{
    private static readonly TimeSpan[] Backoff =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1),
         TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)];

    /// <summary>
    /// Hands a fact to the cluster's outbox after the grain where it happened has written it, and keeps handing it
    /// until the outbox has written it (about half an hour of tries): a sitting is never held up by notifications, and
    /// a raise that meets a moving or restarting outbox is not lost. Repeats are harmless: the outbox knows a
    /// notification by its id. The tries touch none of the calling grain's state.
    /// </summary>
    public static void Notification(this IGrainFactory grains, ILogger logger, Notification notification) =>
        _ = RaiseUntilTaken(grains, logger, notification);

    private static async Task RaiseUntilTaken(IGrainFactory grains, ILogger logger, Notification notification)
    {
        var outbox = grains.GetGrain<INotificationOutboxGrain>(INotificationOutboxGrain.Key);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await outbox.Raise(notification);
                return;
            }
            catch (Exception exception) when (attempt < Backoff.Length)
            {
                logger.LogWarning(exception, "Notification {Notification} ({Event}) not taken by the outbox yet; trying again in {Wait}",
                    notification.Id, notification.Event, Backoff[attempt]);
                await Task.Delay(Backoff[attempt]);
            }
            catch (Exception exception)
            {
                SessionOps.Operations.SessionOpsMetrics.NotificationsLost.Add(1);
                logger.LogError(exception, "Notification {Notification} ({Event}) could not be raised after {Attempts} tries; nobody is told of it",
                    notification.Id, notification.Event, attempt + 1);
                return;
            }
        }
    }
}
