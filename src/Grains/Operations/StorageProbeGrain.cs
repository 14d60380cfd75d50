namespace SessionOps.Operations;

[GenerateSerializer, Alias("SessionOps.StorageProbeState")]
public sealed class StorageProbeState
{
    [Id(0)] public int Unused { get; set; }
}

public sealed class StorageProbeGrain(
    [PersistentState("probe", StorageNames.Main)] IPersistentState<StorageProbeState> state) : Grain, IStorageProbeGrain
{
    // A read goes to storage every time: that is the point of the probe.
    public Task Probe() => state.ReadStateAsync();
}
