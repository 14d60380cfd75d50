using System.Collections.Concurrent;

namespace SessionOps.Gateway.Push;

/// <summary>How many of this Gateway's connections have subscribed to each session: what a board push costs here.</summary>
public sealed class SessionSubscribers
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _bySession = new(StringComparer.Ordinal);

    public void Add(string sessionId, string connectionId) =>
        _bySession.GetOrAdd(sessionId, _ => new(StringComparer.Ordinal))[connectionId] = 0;

    public void Remove(string sessionId, string connectionId)
    {
        if (_bySession.TryGetValue(sessionId, out var connections) && connections.TryRemove(connectionId, out _) && connections.IsEmpty)
        {
            _bySession.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, byte>>(sessionId, connections));
        }
    }

    public void Forget(string connectionId)
    {
        foreach (var sessionId in _bySession.Keys)
        {
            Remove(sessionId, connectionId);
        }
    }

    public int Count(string sessionId) => _bySession.TryGetValue(sessionId, out var connections) ? connections.Count : 0;
}
