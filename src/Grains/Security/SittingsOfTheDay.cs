using SessionOps.Catalogs;
using SessionOps.Sessions;

namespace SessionOps.Security;

/// <summary>The sessions of today (in Hà Nội) that are not over: those a security finding matters to now.</summary>
internal static class SittingsOfTheDay
{
    public static async Task<Session[]> Open(IGrainFactory grains, TimeProvider clock)
    {
        var ids = await grains.GetGrain<ICatalogGrain>(Catalog.SessionsOn(ParliamentTime.Today(clock))).List();
        var sessions = await Task.WhenAll(ids.Select(id => grains.GetGrain<ISessionGrain>(id).Get()));
        return sessions.OfType<Session>().Where(s => !SessionPhases.IsFinal(s.Phase)).ToArray();
    }
}
