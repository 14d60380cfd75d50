namespace SessionOps.Gateway.Push;

/// <summary>How many of this Gateway's connections have subscribed to each session: what a board push costs here.</summary>
public sealed class SessionSubscribers
{
    // One lock: subscriptions change at the pace of screens opening; a count is read for every point change and board
    // note (thousands a second in a fleet-wide burst), which an uncontended lock serves in nanoseconds.
    private readonly Dictionary<string, HashSet<string>> _bySession = new(StringComparer.Ordinal);

    public void Add(string sessionId, string connectionId)
    {
        lock (_bySession)
        {
            if (!_bySession.TryGetValue(sessionId, out var connections))
            {
                _bySession[sessionId] = connections = new HashSet<string>(StringComparer.Ordinal);
            }

            connections.Add(connectionId);
        }
    }

    public void Remove(string sessionId, string connectionId)
    {
        lock (_bySession)
        {
            if (_bySession.TryGetValue(sessionId, out var connections) && connections.Remove(connectionId) && connections.Count == 0)
            {
                _bySession.Remove(sessionId);
            }
        }
    }

    public void Forget(string connectionId)
    {
        lock (_bySession)
        {
            foreach (var (sessionId, connections) in _bySession.ToArray())
            {
                if (connections.Remove(connectionId) && connections.Count == 0)
                {
                    _bySession.Remove(sessionId);
                }
            }
        }
    }

    public int Count(string sessionId)
    {
        lock (_bySession)
        {
            return _bySession.TryGetValue(sessionId, out var connections) ? connections.Count : 0;
        }
    }
}
