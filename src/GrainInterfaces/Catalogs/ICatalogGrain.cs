namespace SessionOps.Catalogs;

/// <summary>Names of the catalogs, one per kind of resource.</summary>
public static class Catalog
{
    public const string Venues = "venues";
    public const string ConnectionPoints = "connection-points";
    public const string Delegates = "delegates";
    public const string Sessions = "sessions";
    public const string Incidents = "incidents";
    public const string Users = "users";
    public const string Displays = "displays";
    public const string NotificationChannels = "notification-channels";

    /// <summary>The sessions scheduled on one day (in the parliament's time zone), for the day's board.</summary>
    public static string SessionsOn(DateOnly day) => $"sessions-{day:yyyy-MM-dd}";

    /// <summary>The incidents of one session.</summary>
    public static string IncidentsOf(string sessionId) => $"incidents-{sessionId}";
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

    Task Remove(string id);

    Task<string[]> List();

    /// <summary>Those of <paramref name="ids"/> that are not in the catalog.</summary>
    Task<string[]> Missing(string[] ids);
}
