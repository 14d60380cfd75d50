using Microsoft.Extensions.Logging;

namespace SessionOps.Notifications;

internal static class Notify
{
    /// <summary>
    /// Hands a fact to the cluster's outbox after the grain where it happened has written it, without waiting: a sitting
    /// is never held up by notifications, and the outbox is written before it returns. A raise that cannot reach the
    /// outbox is logged as an error.
    /// </summary>
    public static void Notification(this IGrainFactory grains, ILogger logger, Notification notification) =>
        grains.GetGrain<INotificationOutboxGrain>(INotificationOutboxGrain.Key).Raise(notification).ContinueWith(
            raise => logger.LogError(raise.Exception, "Notification {Notification} ({Event}) could not be raised; nobody is told of it",
                notification.Id, notification.Event),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Current);
}
