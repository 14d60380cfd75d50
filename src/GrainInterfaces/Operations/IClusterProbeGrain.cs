namespace SessionOps.Operations;

/// <summary>
/// Answers a Gateway's /readyz in cluster mode: a call that reaches a silo and touches no storage, so that a blip of the
/// storage every Gateway shares does not take every Gateway out of service at once.
/// </summary>
[Alias("SessionOps.IClusterProbeGrain")]
public interface IClusterProbeGrain : IGrainWithIntegerKey
{
    Task Ping();
}
