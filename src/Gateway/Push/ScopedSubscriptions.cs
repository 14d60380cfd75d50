using System.Collections.Concurrent;

namespace SessionOps.Gateway.Push;

/// <summary>
/// The province scopes that subscribed to each session on this Gateway, so that the forwarder sends each scope's group
/// the board and changes of its provinces alone. A scope stays once seen: sending to an emptied group costs nothing.
/// </summary>
public sealed class ScopedSubscriptions
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string[]>> _bySession = new(StringComparer.Ordinal);

    /// <summary>Adds the scope of <paramref name="provinces"/> to the session and answers its key.</summary>
    public string Add(string sessionId, string[] provinces)
    {
        var key = KeyOf(provinces);
        _bySession.GetOrAdd(sessionId, _ => new(StringComparer.Ordinal))[key] = provinces;
        return key;
    }

    public IEnumerable<(string Key, string[] Provinces)> Of(string sessionId) =>
        _bySession.TryGetValue(sessionId, out var scopes) ? scopes.Select(s => (s.Key, s.Value)) : [];

    /// <summary>The same provinces, in any order or case, make the same key.</summary>
    public static string KeyOf(IEnumerable<string> provinces) =>
        Auth.Secrets.Hash(string.Join('\n', provinces.Select(p => p.ToLowerInvariant()).Order(StringComparer.Ordinal)))[..16];
}
