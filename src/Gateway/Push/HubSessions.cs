using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using SessionOps.Accounts;
using SessionOps.Gateway.Auth;

namespace SessionOps.Gateway.Push;

/// <summary>
/// This Gateway's hub connections by the sign-in session they belong to, so that a session that ends (sign-out, a
/// disabled user, a revoked display) loses its live link at once, and one that expired loses it at the next check.
/// </summary>
public sealed class HubSessions
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, HubCallerContext>> _bySession = new(StringComparer.Ordinal);

    public void Add(HubCallerContext context)
    {
        if (context.User?.SessionKeyOf() is { } key)
        {
            _bySession.GetOrAdd(key, _ => new(StringComparer.Ordinal))[context.ConnectionId] = context;
        }
    }

    public void Remove(HubCallerContext context)
    {
        if (context.User?.SessionKeyOf() is { } key && _bySession.TryGetValue(key, out var connections))
        {
            connections.TryRemove(context.ConnectionId, out _);
            if (connections.IsEmpty)
            {
                _bySession.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, HubCallerContext>>(key, connections));
            }
        }
    }

    public string[] SessionKeys => [.. _bySession.Keys];

    public void Close(IEnumerable<string> sessionKeys)
    {
        foreach (var key in sessionKeys)
        {
            if (_bySession.TryRemove(key, out var connections))
            {
                foreach (var context in connections.Values)
                {
                    context.Abort();
                }
            }
        }
    }
}

/// <summary>Every so often, asks whether the sessions behind this Gateway's hub connections are still open; closes those that are not.</summary>
public sealed class HubSessionCheck(HubSessions sessions, IGrainFactory grains, ILogger<HubSessionCheck> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var keys = sessions.SessionKeys;
                var open = await Task.WhenAll(keys.Select(key => grains.GetGrain<IWebSessionGrain>(key).IsOpen()));
                sessions.Close(keys.Where((_, i) => !open[i]));
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "The hub's sessions could not be checked; trying again in {Interval}", Interval);
            }
        }
    }
}
