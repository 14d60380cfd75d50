using System.Diagnostics.Metrics;
using SessionOps.Operations;

namespace SessionOps.Gateway.Operations;

/// <summary>The Gateway's instruments, on the same <c>SessionOps</c> meter as the grains'.</summary>
public static class GatewayMetrics
{
    private static readonly Meter Meter = new(SessionOpsMetrics.MeterName);

    public static readonly Counter<long> HeartbeatsReceived =
        Meter.CreateCounter<long>("sessionops.heartbeats.received", description: "Heartbeats accepted by the API, by route.");

    public static readonly Counter<long> PushesSent =
        Meter.CreateCounter<long>("sessionops.pushes.sent", description: "Messages forwarded to SignalR groups, by method.");

    public static readonly Counter<long> PushesDropped =
        Meter.CreateCounter<long>("sessionops.pushes.dropped", description: "Events dropped from a session's outbox that a burst overflowed.");

    public static readonly Counter<long> PointChangesLeftToBoard =
        Meter.CreateCounter<long>("sessionops.pushes.point_changes_left_to_board", description: "Points' changes of health past a session's budget for one second, told by its next board instead of one by one.");

    public static readonly Histogram<double> PushLag =
        Meter.CreateHistogram<double>("sessionops.push.lag", unit: "ms", description: "From a point's change of health in its grain to its forwarding to SignalR.");
}
