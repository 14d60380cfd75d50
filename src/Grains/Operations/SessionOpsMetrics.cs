using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SessionOps.Operations;

/// <summary>The project's own instruments, on the <c>SessionOps</c> meter beside Orleans' and ASP.NET Core's.</summary>
public static class SessionOpsMetrics
{
    public const string MeterName = "SessionOps";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> HealthTransitions =
        Meter.CreateCounter<long>("sessionops.health.transitions", description: "Changes of a connection point's health, by from and to.");

    public static readonly Counter<long> IncidentsOpened =
        Meter.CreateCounter<long>("sessionops.incidents.opened", description: "Incidents opened, by kind.");

    public static readonly Counter<long> IncidentsResolved =
        Meter.CreateCounter<long>("sessionops.incidents.resolved", description: "Incidents resolved, by kind.");

    /// <summary>Opened minus resolved in this process; summed over the silos it is the number open since they started.</summary>
    public static readonly UpDownCounter<long> IncidentsOpen =
        Meter.CreateUpDownCounter<long>("sessionops.incidents.open", description: "Incidents open (opened minus resolved since the process started).");

    /// <summary>Per live or suspended sitting whose board is active in this process, its points that are offline.</summary>
    private static readonly ConcurrentDictionary<string, int> OfflineInLiveSittings = new(StringComparer.Ordinal);

    private static long _notificationsPending;

    /// <summary>
    /// A gauge read from the boards' own state, not a running sum: a board that moves to another silo takes its count
    /// with it, so the sum over the silos never drifts. A point in two live sittings counts in each.
    /// </summary>
    private static readonly ObservableGauge<int> ConnectionPointsOffline = Meter.CreateObservableGauge(
        "sessionops.connection_points.offline", () => OfflineInLiveSittings.Values.Sum(),
        description: "Connection points offline in sittings that are live or suspended.");

    /// <summary>Zero on every silo but the one where the cluster's outbox is active.</summary>
    private static readonly ObservableGauge<long> NotificationsPendingGauge = Meter.CreateObservableGauge(
        "sessionops.notifications.pending", () => Interlocked.Read(ref _notificationsPending),
        description: "Notification deliveries waiting in the outbox (not yet delivered or given up).");

    public static readonly Counter<long> NotificationsSent =
        Meter.CreateCounter<long>("sessionops.notifications.sent", description: "Notifications delivered, by channel kind and event.");

    public static readonly Counter<long> NotificationFailures =
        Meter.CreateCounter<long>("sessionops.notifications.failures", description: "Delivery attempts that failed and will be retried, by channel kind.");

    public static readonly Counter<long> NotificationsAbandoned =
        Meter.CreateCounter<long>("sessionops.notifications.abandoned", description: "Deliveries given up: refused by the receiver or retried past the limit, by channel kind.");

    public static readonly Counter<long> NotificationsLost =
        Meter.CreateCounter<long>("sessionops.notifications.lost", description: "Notifications that no try could hand to the outbox: nobody was told.");

    public static void OfflineInLiveSitting(string sessionId, int offline)
    {
        if (offline > 0)
        {
            OfflineInLiveSittings[sessionId] = offline;
        }
        else
        {
            OfflineInLiveSittings.TryRemove(sessionId, out _);
        }
    }

    public static void NotificationsPending(long pending) => Interlocked.Exchange(ref _notificationsPending, pending);
}
