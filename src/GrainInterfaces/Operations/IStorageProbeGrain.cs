namespace SessionOps.Operations;

/// <summary>Answers /readyz: a grain call that reaches the cluster and reads grain storage.</summary>
[Alias("SessionOps.IStorageProbeGrain")]
public interface IStorageProbeGrain : IGrainWithStringKey
{
    Task Probe();
}
