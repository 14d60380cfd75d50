namespace SessionOps.ConnectionPoints;

/// <summary>
/// The <c>Health:*</c> configuration. The defaults follow what video-conference consoles call good: packet loss under
/// 1 % good and under 3 % acceptable, an alert at about 300 ms latency or 8 % loss, jitter over 40 ms lowers the rating.
/// </summary>
public sealed class HealthOptions
{
    /// <summary>Silence after which a point is offline.</summary>
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>At or above this, a heartbeat is degraded.</summary>
    public double DegradedLatencyMs { get; set; } = 300;

    public double DegradedJitterMs { get; set; } = 40;

    public double DegradedPacketLossPct { get; set; } = 3;

    /// <summary>Below this, video and speech break up.</summary>
    public double MinBitrateKbps { get; set; } = 256;

    /// <summary>At or above this loss the link is unusable: the point counts as offline although its agent still reports.</summary>
    public double OfflinePacketLossPct { get; set; } = 25;

    /// <summary>Consecutive heartbeats worse than the current health before the point is marked worse.</summary>
    public int WorseAfterSamples { get; set; } = 3;

    /// <summary>Consecutive heartbeats better than the current health before the point is marked better: recovery is slower than alarm.</summary>
    public int BetterAfterSamples { get; set; } = 5;

    /// <summary>How long the sparkline reaches back, in buckets of <see cref="SampleBucket"/>.</summary>
    public TimeSpan SampleWindow { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan SampleBucket { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the latest heartbeat is saved while health does not change (it is saved at once on every change).</summary>
    public TimeSpan SaveEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the fleet's reminder wakes every point, the backstop behind the wakes at a silo's start and after a
    /// silo's death (a minute at least: reminders tick no faster).
    /// </summary>
    public TimeSpan WakeFleetEvery { get; set; } = TimeSpan.FromMinutes(1);
}
