using System.Collections.Concurrent;
using SessionOps.ConnectionPoints;

namespace SessionOps.Gateway.Api;

/// <summary>
/// The heartbeat routes' references to connection points, made once per point. Orleans reads the interface's
/// attributes again on every <c>GetGrain</c>: measured from outside, a fifth of the batch route's time went there.
/// A reference is only kept for a point known to exist, and points are never removed, so the map stays as large as
/// the set of points.
/// </summary>
public sealed class ConnectionPointReferences(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, IConnectionPointGrain> _references = new(StringComparer.Ordinal);

    /// <summary>The point's grain; call it only for an id the catalog knows.</summary>
    public IConnectionPointGrain Of(string id) =>
        _references.GetOrAdd(id, static (key, factory) => factory.GetGrain<IConnectionPointGrain>(key), grains);
}
