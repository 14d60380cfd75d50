using Orleans.Concurrency;

namespace SessionOps.Operations;

/// <summary>Activated on whichever silo takes the call, many at once: no single grain for every Gateway's probes to queue on.</summary>
[StatelessWorker]
public sealed class ClusterProbeGrain : Grain, IClusterProbeGrain
{
    public Task Ping() => Task.CompletedTask;
}
