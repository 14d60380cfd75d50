namespace SessionOps.Catalogs;

/// <summary>Names of the catalogs, one per kind of resource.</summary>
public static class Catalog
{
    public const string Venues = "venues";
    public const string ConnectionPoints = "connection-points";
    public const string Delegates = "delegates";
    public const string Sessions = "sessions";
}

/// <summary>
/// The ids of every resource of one kind that exists, so that a collection can be listed
/// and a reference checked without waking every grain. It holds ids only; the data stays
/// with each resource's own grain.
/// </summary>
[Alias("SessionOps.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithStringKey
{
    Task Add(string id);

    Task<string[]> List();

    /// <summary>Those of <paramref name="ids"/> that are not in the catalog.</summary>
    Task<string[]> Missing(string[] ids);
}
