using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using SessionOps.Boards;
using SessionOps.ConnectionPoints;

namespace SessionOps.Gateway.Push;

/// <summary>What the hub sends as <c>PointsLive</c>: every point of a session now, its figures and newest sparkline buckets.</summary>
public sealed record PointsLive(string SessionId, DateTimeOffset At, LiveFigures[] Points);

/// <summary>
/// The connections of this Gateway that show a session's live metrics (the operator console), by session and by the
/// provinces they may see (null: all).
/// </summary>
public sealed class MetricsWatchers
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string[]?>> _bySession = new(StringComparer.Ordinal);

    /// <summary>Adds the connection and answers the group it joins.</summary>
    public string Watch(string sessionId, string connectionId, string[]? provinces)
    {
        _bySession.GetOrAdd(sessionId, _ => new(StringComparer.Ordinal))[connectionId] = provinces;
        return GroupOf(sessionId, provinces);
    }

    public string? Unwatch(string sessionId, string connectionId) =>
        _bySession.TryGetValue(sessionId, out var watchers) && watchers.TryRemove(connectionId, out var provinces) ? GroupOf(sessionId, provinces) : null;

    public void Forget(string connectionId)
    {
        foreach (var (sessionId, watchers) in _bySession)
        {
            watchers.TryRemove(connectionId, out _);
            if (watchers.IsEmpty)
            {
                _bySession.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, string[]?>>(sessionId, watchers));
            }
        }
    }

    /// <summary>The sessions watched here, each with the groups to send to and the provinces each group may see.</summary>
    public IEnumerable<(string SessionId, (string Group, string[]? Provinces)[] Groups)> Watched() =>
        _bySession.Where(s => !s.Value.IsEmpty).Select(s => (s.Key, GroupsOf(s.Key, s.Value)));

    /// <summary>The groups of the consoles that watch one session here, with the provinces each may see.</summary>
    public (string Group, string[]? Provinces)[] Of(string sessionId) =>
        _bySession.TryGetValue(sessionId, out var watchers) ? GroupsOf(sessionId, watchers) : [];

    private static (string Group, string[]? Provinces)[] GroupsOf(string sessionId, ConcurrentDictionary<string, string[]?> watchers) =>
        [.. watchers.Values.DistinctBy(p => p is null ? "" : ScopedSubscriptions.KeyOf(p)).Select(p => (GroupOf(sessionId, p), p))];

    private static string GroupOf(string sessionId, string[]? provinces) =>
        provinces is null ? $"session:{sessionId}:metrics" : $"session:{sessionId}:metrics:{ScopedSubscriptions.KeyOf(provinces)}";
}

/// <summary>
/// Every <c>Push:MetricsInterval</c> (default 5 s), for each session someone here watches, one call to its board for
/// the points' live metrics, sent to the watchers' groups through the outbox. An idle console makes no request: it is
/// told. The cost is a call per watched session per interval per Gateway, whatever the number of screens.
/// </summary>
public sealed class LiveMetricsPump(
    MetricsWatchers watchers, IGrainFactory grains, IHubContext<OpsHub, IOpsClient> hub, PushOutbox outbox, TimeProvider clock,
    IConfiguration configuration, ILogger<LiveMetricsPump> logger) : BackgroundService
{
    /// <summary>Buckets per point in each send: the one that just closed and the one filling.</summary>
    private const int Buckets = 2;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(configuration.GetValue("Push:MetricsInterval", TimeSpan.FromSeconds(5)), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await Task.WhenAll(watchers.Watched().Select(watched => Send(watched.SessionId, watched.Groups)));
        }
    }

    private async Task Send(string sessionId, (string Group, string[]? Provinces)[] groups)
    {
        try
        {
            var points = await grains.GetGrain<ISessionBoardGrain>(sessionId).Live(Buckets);
            var at = clock.GetUtcNow();
            foreach (var (group, provinces) in groups)
            {
                var shown = provinces is null ? points : points.Where(p => provinces.Contains(p.Province, StringComparer.OrdinalIgnoreCase)).ToArray();
                var message = new PointsLive(sessionId, at, shown);
                outbox.Event(sessionId, () => hub.Clients.Group(group).PointsLive(message));
            }
        }
        catch (Exception exception)
        {
            logger.LogDebug(exception, "The live metrics of {Session} could not be read; the next round tries again", sessionId);
        }
    }
}
