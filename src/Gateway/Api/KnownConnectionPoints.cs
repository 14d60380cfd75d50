using System.Collections.Concurrent;
using SessionOps.Catalogs;

namespace SessionOps.Gateway.Api;

/// <summary>
/// The connection points this Gateway has seen exist. Points are never removed, so once known a point needs no
/// look-up again: a batch of heartbeats from known points costs no call to the catalog.
/// </summary>
public sealed class KnownConnectionPoints(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);

    /// <summary>Those of <paramref name="ids"/> that do not exist.</summary>
    public async ValueTask<string[]> Missing(IReadOnlyCollection<string> ids)
    {
        var unknown = ids.Where(id => !_known.ContainsKey(id)).ToArray();
        if (unknown.Length == 0)
        {
            return [];
        }

        var missing = await grains.GetGrain<ICatalogGrain>(Catalog.ConnectionPoints).Missing(unknown);
        foreach (var id in unknown.Except(missing))
        {
            _known.TryAdd(id, true);
        }

        return missing;
    }
}
