using System.Text.Json.Serialization;
using Orleans.Concurrency;

namespace SessionOps.ConnectionPoints;

public enum ConnectionPointKind
{
    ProvincialDelegation,
    RegionalOffice,
    Central,
}

/// <summary>Link health of a connection point, as the board shows it.</summary>
public enum LinkHealth
{
    Unknown,
    Online,
    Degraded,
    Offline,
}

/// <summary>Someone to call at a connection point: the on-site technician, the delegation's office.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.PointContact")]
public sealed record PointContact(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Phone = null,
    [property: Id(2)] string? Email = null);

/// <summary>
/// A point's set-up. <see cref="Backup"/> says what the point falls back on when its link fails (a second line, a
/// 4G router, a phone bridge), for the operator who must switch to it.
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionOps.ConnectionPointSpec")]
public sealed record ConnectionPointSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] string Province,
    [property: Id(2)] ConnectionPointKind Kind,
    [property: Id(3)] PointContact[]? Contacts = null,
    [property: Id(4)] string? Backup = null)
{
    public PointContact[] AllContacts => Contacts ?? [];

    /// <summary>Value equality, contacts included, so that a repeated PUT is recognised as the same.</summary>
    public bool SameAs(ConnectionPointSpec? other) =>
        other is not null && Name == other.Name && Province == other.Province && Kind == other.Kind &&
        Backup == other.Backup && AllContacts.SequenceEqual(other.AllContacts);
}

/// <summary>A connection point as it is now: its set-up, its health and the metrics of the latest heartbeat.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.ConnectionPoint")]
public sealed record ConnectionPoint(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Province,
    [property: Id(3)] ConnectionPointKind Kind,
    [property: Id(4)] LinkHealth Health,
    [property: Id(5)] DateTimeOffset? LastHeartbeatAt,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] DateTimeOffset? HealthSince = null,
    [property: Id(8)] double? LatencyMs = null,
    [property: Id(9)] double? JitterMs = null,
    [property: Id(10)] double? PacketLossPct = null,
    [property: Id(11)] double? BitrateKbps = null,
    [property: Id(12)] bool? Audio = null,
    [property: Id(13)] bool? Video = null,
    [property: Id(14)] long? LastSeq = null,
    [property: Id(15)] PointContact[]? Contacts = null,
    [property: Id(16)] string? Backup = null)
{
    /// <summary>The point without whom to call: for readers other than admins and operators, and for live pushes.</summary>
    public ConnectionPoint WithoutContacts() => Contacts is null && Backup is null ? this : this with { Contacts = null, Backup = null };
}

/// <summary>
/// What a connection-point agent reports, about once a second. <see cref="AvUnknown"/>: the agent could not learn
/// whether sound and picture get through (its status source failed); the link is then at best degraded, never online.
/// <see cref="BitrateUnknown"/>: the codec does not report its bitrate; the bitrate rule then does not apply.
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionOps.Heartbeat")]
public sealed record Heartbeat(
    [property: Id(0)] long Seq,
    [property: Id(1)] DateTimeOffset SentAt,
    [property: Id(2)] double LatencyMs,
    [property: Id(3)] double JitterMs,
    [property: Id(4)] double PacketLossPct,
    [property: Id(5)] double BitrateKbps,
    [property: Id(6)] bool Audio,
    [property: Id(7)] bool Video,
    [property: Id(8)] string? BootId = null,
    [property: Id(9)] bool AvUnknown = false,
    [property: Id(10)] bool BitrateUnknown = false);

/// <summary>
/// A point's figures as the operator console shows them live, every few seconds: its health, the latest heartbeat's
/// metrics and its newest sparkline buckets. Its set-up the console reads once; the names match
/// <see cref="ConnectionPoint"/>'s so that the page lays these over it. <see cref="Province"/> scopes the sends.
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionOps.LiveFigures")]
public sealed record LiveFigures(
    [property: Id(0)] string Id,
    [property: Id(1), JsonIgnore] string Province,
    [property: Id(2)] LinkHealth Health,
    [property: Id(3)] DateTimeOffset? HealthSince,
    [property: Id(4)] DateTimeOffset? LastHeartbeatAt,
    [property: Id(5)] double? LatencyMs,
    [property: Id(6)] double? JitterMs,
    [property: Id(7)] double? PacketLossPct,
    [property: Id(8)] double? BitrateKbps,
    [property: Id(9)] bool? Audio,
    [property: Id(10)] bool? Video,
    [property: Id(11)] SampleBucket[] Recent)
{
    /// <summary>A point's live figures: what its view shows of it, with its newest buckets.</summary>
    public static LiveFigures Of(ConnectionPoint point, SampleBucket[] recent) => new(
        point.Id, point.Province, point.Health, point.HealthSince, point.LastHeartbeatAt,
        point.LatencyMs, point.JitterMs, point.PacketLossPct, point.BitrateKbps, point.Audio, point.Video, recent);
}

/// <summary>How many heartbeats of a call changed the point, and how many were duplicates or older than the last.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.HeartbeatReceipt")]
public sealed record HeartbeatReceipt(
    [property: Id(0)] bool PointExists,
    [property: Id(1)] int Applied,
    [property: Id(2)] int Ignored);

/// <summary>Five seconds of heartbeats folded into one point of a sparkline: the worst of each metric.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.SampleBucket")]
public sealed record SampleBucket(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] int Count,
    [property: Id(2)] double MaxLatencyMs,
    [property: Id(3)] double MaxJitterMs,
    [property: Id(4)] double MaxPacketLossPct,
    [property: Id(5)] double MinBitrateKbps,
    [property: Id(6)] bool AudioLost,
    [property: Id(7)] bool VideoLost,
    [property: Id(8)] LinkHealth Health);

[GenerateSerializer, Immutable, Alias("SessionOps.HealthTransition")]
public sealed record HealthTransition(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] LinkHealth From,
    [property: Id(2)] LinkHealth To);

/// <summary>An online connection point ("điểm cầu") at a delegation or regional office, and its live link health.</summary>
[Alias("SessionOps.IConnectionPointGrain")]
public interface IConnectionPointGrain : IGrainWithStringKey
{
    Task<CommandResult> Define(ConnectionPointSpec spec);

    /// <summary>The point as it is now. Interleaves: boards and checklists read it while it works.</summary>
    [AlwaysInterleave]
    Task<ConnectionPoint?> Get();

    /// <summary>
    /// The point's changes of health up to <paramref name="to"/>, oldest first, from the day before
    /// <paramref name="from"/> (the health it had then), for the timeline.
    /// </summary>
    [AlwaysInterleave]
    Task<HealthTransition[]> GetTransitions(DateTimeOffset from, DateTimeOffset to);

    /// <summary>Heartbeats of this point in the order sent; those not newer than the last one seen change nothing.</summary>
    /// <remarks>[Immutable]: the caller never touches the array again, so a local call need not copy it.</remarks>
    Task<HeartbeatReceipt> Receive([Immutable] Heartbeat[] heartbeats);

    /// <summary>The last minutes, oldest first, for the consoles' sparklines.</summary>
    Task<SampleBucket[]> GetSamples();

    /// <summary>The point now and its newest buckets, for the consoles' live metrics. Interleaves like <see cref="Get"/>.</summary>
    [AlwaysInterleave]
    Task<LiveFigures?> GetLive(int buckets);

    /// <summary>The session's board wants to hear of this point's health changes; answers the point as it is now (null if undefined).</summary>
    Task<ConnectionPoint?> AttachTo(string sessionId);

    Task DetachFrom(string sessionId);

    /// <summary>Starts watching for silence at once, after a restart or a silo's loss.</summary>
    Task Wake();
}

/// <summary>
/// The fleet's watch: its reminder wakes every connection point every <c>Health:WakeFleetEvery</c> (a minute), so that a
/// point whose silo was lost while nobody noticed (a wake after the death that failed) is watched again within that
/// time. One reminder for the cluster, where each point kept its own before.
/// </summary>
[Alias("SessionOps.IConnectionPointWatchGrain")]
public interface IConnectionPointWatchGrain : IGrainWithStringKey
{
    public const string Key = "cluster";

    /// <summary>Registers the reminder, or updates it to the configured period (a silo's start and a silo's loss call it).</summary>
    Task Start();
}
