using System.Collections.Concurrent;
using SessionOps.Catalogs;

namespace SessionOps.Gateway.Api;

/// <summary>
/// The ids this Gateway has seen exist, per catalog. Resources are never removed, so once known an id needs no look-up
/// again; an id that names nothing is answered from the catalog and never wakes a grain (or starts its timers).
/// </summary>
public sealed class KnownIds(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<(string Catalog, string Id), bool> _known = new();

    /// <summary>Those of <paramref name="ids"/> that are not in <paramref name="catalog"/>.</summary>
    public async ValueTask<string[]> Missing(string catalog, IReadOnlyCollection<string> ids)
    {
        var unknown = ids.Where(id => !_known.ContainsKey((catalog, id))).ToArray();
        if (unknown.Length == 0)
        {
            return [];
        }

        var missing = await grains.GetGrain<ICatalogGrain>(catalog).Missing(unknown);
        foreach (var id in unknown.Except(missing))
        {
            _known.TryAdd((catalog, id), true);
        }

        return missing;
    }

    public async ValueTask<bool> Exists(string catalog, string id) =>
        _known.ContainsKey((catalog, id)) || (await Missing(catalog, [id])).Length == 0;
}
