using System.Globalization;
using SessionOps.Catalogs;
using SessionOps.Sessions;

namespace SessionOps.Gateway.Api;

/// <summary>The sittings of a span of Hà Nội days, as the day catalogs file them; and months as the API names them.</summary>
public static class SittingDays
{
    /// <summary>Every sitting that overlaps <paramref name="first"/>..<paramref name="last"/> (both included), ordered by start.</summary>
    public static async Task<Session[]> Read(IGrainFactory grains, DateOnly first, DateOnly last)
    {
        var days = Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays);
        var ids = (await Task.WhenAll(days.Select(day => grains.GetGrain<ICatalogGrain>(Catalog.SessionsOn(day)).List())))
            .SelectMany(listed => listed).ToHashSet(StringComparer.Ordinal);
        var sessions = await Task.WhenAll(ids.Select(id => grains.GetGrain<ISessionGrain>(id).Get()));
        return [.. sessions.OfType<Session>().OrderBy(s => s.ScheduledStart).ThenBy(s => s.Id, StringComparer.Ordinal)];
    }

    /// <summary>The first day of a month written yyyy-MM; the current Hà Nội month when none is given.</summary>
    public static bool TryMonth(string? text, TimeProvider clock, out DateOnly first)
    {
        if (text is null)
        {
            var today = ParliamentTime.Today(clock);
            first = new DateOnly(today.Year, today.Month, 1);
            return true;
        }

        return DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out first) &&
               first.Year is >= 2000 and <= 2100;
    }

    public static IResult BadMonth()
    {
        var check = new Validator();
        check.Add("month", "month must be a month as yyyy-MM between 2000 and 2100, such as 2026-12.");
        return check.Problem();
    }
}
