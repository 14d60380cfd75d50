namespace SessionOps.ConnectionPoints;

/// <summary>How one heartbeat is rated, and how a run of them moves a point's health without flapping.</summary>
public static class LinkHealthRules
{
    /// <summary>The health a single heartbeat suggests.</summary>
    public static LinkHealth Rate(Heartbeat heartbeat, HealthOptions options)
    {
        if ((!heartbeat.AvUnknown && !heartbeat.Audio && !heartbeat.Video) || heartbeat.PacketLossPct >= options.OfflinePacketLossPct)
        {
            return LinkHealth.Offline;
        }

        var degraded =
            heartbeat.LatencyMs >= options.DegradedLatencyMs ||
            heartbeat.JitterMs > options.DegradedJitterMs ||
            heartbeat.PacketLossPct >= options.DegradedPacketLossPct ||
            (!heartbeat.BitrateUnknown && heartbeat.BitrateKbps < options.MinBitrateKbps) ||
            heartbeat.AvUnknown || !heartbeat.Audio || !heartbeat.Video;
        return degraded ? LinkHealth.Degraded : LinkHealth.Online;
    }

    /// <summary>How bad a health is: unknown and online are both "nothing wrong seen".</summary>
    public static int Badness(LinkHealth health) => health switch
    {
        LinkHealth.Offline => 2,
        LinkHealth.Degraded => 1,
        _ => 0,
    };
}

/// <summary>
/// Hysteresis: a point's health moves only after a run of heartbeats that agree. A worse run needs
/// <see cref="HealthOptions.WorseAfterSamples"/>, a better one <see cref="HealthOptions.BetterAfterSamples"/>;
/// a sample that breaks the run starts it over. The first heartbeat of a point that was never heard is taken at once,
/// and a point coming back from silence shows degraded until a better run proves it.
/// </summary>
public sealed class HealthTracker(LinkHealth current)
{
    private int _run;
    private int _direction;

    /// <summary>Offline because nothing was heard (rather than because what was heard was unusable); after a restart
    /// the reason is not known, and the point is treated as silent: its next heartbeat is heard at once.</summary>
    private bool _silent = current == LinkHealth.Offline;

    public LinkHealth Current { get; private set; } = current;

    /// <summary>Folds in one heartbeat's rating; true when the health changed.</summary>
    public bool Observe(LinkHealth rated, HealthOptions options)
    {
        if (Current == LinkHealth.Unknown)
        {
            return MoveTo(rated);
        }

        if (Current == LinkHealth.Offline && rated != LinkHealth.Offline && _silent)
        {
            // Heard again after silence: reachable, not yet proven good.
            return MoveTo(LinkHealth.Degraded);
        }

        var direction = Math.Sign(LinkHealthRules.Badness(rated) - LinkHealthRules.Badness(Current));
        if (direction == 0)
        {
            _run = 0;
            return false;
        }

        _run = direction == _direction ? _run + 1 : 1;
        _direction = direction;
        var needed = direction > 0 ? options.WorseAfterSamples : options.BetterAfterSamples;
        // Out of an unusable link (offline by its heartbeats, not its silence) a run of better ones leads to degraded:
        // a link near the loss threshold does not flap on the most expensive move.
        return _run >= needed && MoveTo(Current == LinkHealth.Offline ? LinkHealth.Degraded : rated);
    }

    /// <summary>Silence: offline at once, no run needed.</summary>
    public bool Silent()
    {
        var moved = Current != LinkHealth.Offline && MoveTo(LinkHealth.Offline);
        _silent = Current == LinkHealth.Offline;
        return moved;
    }

    private bool MoveTo(LinkHealth health)
    {
        _run = 0;
        _direction = 0;
        _silent = false;
        if (health == Current)
        {
            return false;
        }

        Current = health;
        return true;
    }
}
