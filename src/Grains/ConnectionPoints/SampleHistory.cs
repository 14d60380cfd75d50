namespace SessionOps.ConnectionPoints;

/// <summary>
/// The last minutes of a point's heartbeats, folded into fixed buckets (the worst of each metric), so that a
/// sparkline costs a few dozen numbers per point whatever the heartbeat rate.
/// </summary>
internal sealed class SampleHistory(HealthOptions options)
{
    private readonly Queue<Bucket> _buckets = new();
    private Bucket? _current;

    public void Add(DateTimeOffset at, Heartbeat heartbeat, LinkHealth rated)
    {
        var start = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % options.SampleBucket.Ticks), TimeSpan.Zero);
        if (_current is null || _current.Start != start)
        {
            _current = new Bucket(start);
            _buckets.Enqueue(_current);
        }

        _current.Fold(heartbeat, rated);
        while (_buckets.Count > 0 && _buckets.Peek().Start < at - options.SampleWindow)
        {
            _buckets.Dequeue();
        }
    }

    public SampleBucket[] Snapshot(DateTimeOffset now) =>
        _buckets.Where(b => b.Start >= now - options.SampleWindow).Select(b => b.ToRecord()).ToArray();

    /// <summary>The newest <paramref name="count"/> buckets of the window: what a live send carries, every few seconds for every point.</summary>
    public SampleBucket[] Recent(DateTimeOffset now, int count) =>
        _buckets.Skip(Math.Max(0, _buckets.Count - count)).Where(b => b.Start >= now - options.SampleWindow).Select(b => b.ToRecord()).ToArray();

    private sealed class Bucket(DateTimeOffset start)
    {
        private int _count;
        private double _latency, _jitter, _loss, _bitrate = double.MaxValue;
        private bool _audioLost, _videoLost;
        private LinkHealth _health = LinkHealth.Online;

        public DateTimeOffset Start { get; } = start;

        public void Fold(Heartbeat heartbeat, LinkHealth rated)
        {
            _count++;
            _latency = Math.Max(_latency, heartbeat.LatencyMs);
            _jitter = Math.Max(_jitter, heartbeat.JitterMs);
            _loss = Math.Max(_loss, heartbeat.PacketLossPct);
            if (!heartbeat.BitrateUnknown)
            {
                _bitrate = Math.Min(_bitrate, heartbeat.BitrateKbps);
            }

            if (!heartbeat.AvUnknown)
            {
                _audioLost |= !heartbeat.Audio;
                _videoLost |= !heartbeat.Video;
            }

            if (LinkHealthRules.Badness(rated) > LinkHealthRules.Badness(_health))
            {
                _health = rated;
            }
        }

        public SampleBucket ToRecord() => new(Start, _count, _latency, _jitter, _loss, _bitrate, _audioLost, _videoLost, _health);
    }
}
