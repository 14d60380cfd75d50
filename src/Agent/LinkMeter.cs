namespace SessionOps.Agent;

/// <summary>
/// The link's figures over the last attempts to each target: latency the median of the round trips that came back,
/// jitter the mean difference between a target's consecutive round trips (as RTP measures it), loss the share of
/// attempts that got no answer.
/// </summary>
public sealed class LinkMeter(int window = 30)
{
    private readonly Dictionary<ProbeTarget, Queue<double?>> _attempts = [];

    public void Add(ProbeTarget target, double? roundTripMs)
    {
        if (!_attempts.TryGetValue(target, out var attempts))
        {
            _attempts[target] = attempts = new Queue<double?>();
        }

        attempts.Enqueue(roundTripMs);
        while (attempts.Count > window)
        {
            attempts.Dequeue();
        }
    }

    public (double LatencyMs, double JitterMs, double PacketLossPct) Now()
    {
        var all = _attempts.Values.SelectMany(a => a).ToArray();
        if (all.Length == 0)
        {
            return (0, 0, 100);
        }

        var answered = all.OfType<double>().Order().ToArray();
        var loss = 100.0 * (all.Length - answered.Length) / all.Length;
        if (answered.Length == 0)
        {
            return (0, 0, 100);
        }

        var latency = answered[answered.Length / 2];
        var steps = _attempts.Values
            .SelectMany(a => a.OfType<double>().Zip(a.OfType<double>().Skip(1), (x, y) => Math.Abs(y - x)))
            .ToArray();
        var jitter = steps.Length == 0 ? 0 : steps.Average();
        return (Math.Round(latency, 1), Math.Round(jitter, 1), Math.Round(loss, 1));
    }
}
