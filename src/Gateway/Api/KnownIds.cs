using System.Collections.Concurrent;
using SessionOps.Catalogs;

namespace SessionOps.Gateway.Api;

/// <summary>
/// The ids this Gateway has seen exist, per catalog. Resources are never removed, so once known an id needs no look-up
/// again; an id that names nothing is answered from the catalog and never wakes a grain (or starts its timers).
/// </summary>
public sealed class KnownIds(IGrainFactory grains)
{
    // Per catalog, so that a look-up hashes the id alone: the batch route looks up a hundred ids per request.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> _known = new(StringComparer.Ordinal);

    /// <summary>Those of <paramref name="ids"/> that are not in <paramref name="catalog"/>.</summary>
    public async ValueTask<string[]> Missing(string catalog, IReadOnlyCollection<string> ids)
    {
        var known = Of(catalog);
        List<string>? unknown = null;
        foreach (var id in ids)
        {
            if (!known.ContainsKey(id))
            {
                (unknown ??= []).Add(id);
            }
        }

        if (unknown is null)
        {
            return [];
        }

        var missing = await grains.GetGrain<ICatalogGrain>(catalog).Missing([.. unknown]);
        foreach (var id in unknown.Except(missing))
        {
            known.TryAdd(id, true);
        }

        return missing;
    }

    public async ValueTask<bool> Exists(string catalog, string id) =>
        Of(catalog).ContainsKey(id) || (await Missing(catalog, [id])).Length == 0;

    private ConcurrentDictionary<string, bool> Of(string catalog) =>
        _known.GetOrAdd(catalog, static _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal));
}

/// <summary>
/// A read of <c>{id}</c> that names nothing in <paramref name="catalog"/> is answered 404 from the catalog, before the
/// handler wakes a grain (and its timers) for it.
/// </summary>
public sealed class KnownIdFilter(string catalog, string kind) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.RouteValues["id"] is string id && ResourceId.IsValid(id) &&
            !await http.RequestServices.GetRequiredService<KnownIds>().Exists(catalog, id))
        {
            return CommandResultExtensions.NotFound(kind, id);
        }

        return await next(context);
    }
}

public static class KnownIdFilterExtensions
{
    public static RouteHandlerBuilder ForKnown(this RouteHandlerBuilder route, string catalog, string kind) =>
        route.AddEndpointFilter(new KnownIdFilter(catalog, kind));
}
