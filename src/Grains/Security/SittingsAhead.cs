using SessionOps.Catalogs;
using SessionOps.Sessions;

namespace SessionOps.Security;

/// <summary>
/// The sittings a security finding made now still speaks for: those not over that run now or start within the
/// finding's validity. A sweep in the evening counts for the next morning's sitting; one of last week for nothing.
/// </summary>
internal static class SittingsAhead
{
    public static async Task<Session[]> Within(IGrainFactory grains, TimeProvider clock, TimeSpan validity)
    {
        var now = clock.GetUtcNow();
        var days = ParliamentTime.DaysOf(now, now + validity).ToArray();
        var ids = (await Task.WhenAll(days.Select(day => grains.GetGrain<ICatalogGrain>(Catalog.SessionsOn(day)).List())))
            .SelectMany(listed => listed).Distinct(StringComparer.Ordinal);
        var sessions = await Task.WhenAll(ids.Select(id => grains.GetGrain<ISessionGrain>(id).Get()));
        return sessions.OfType<Session>()
            .Where(s => !SessionPhases.IsFinal(s.Phase) && s.ScheduledEnd >= now && s.ScheduledStart <= now + validity)
            .ToArray();
    }
}
