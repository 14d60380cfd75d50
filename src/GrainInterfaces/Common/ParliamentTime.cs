namespace SessionOps;

/// <summary>The parliament's own clock: a sitting belongs to every Hà Nội day it spans, wherever the server runs.</summary>
public static class ParliamentTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    public static DateOnly Today(TimeProvider clock) => DayOf(clock.GetUtcNow());

    /// <summary>Every Hà Nội day from the one <paramref name="start"/> falls on to the one the last moment before <paramref name="end"/> falls on.</summary>
    public static IEnumerable<DateOnly> DaysOf(DateTimeOffset start, DateTimeOffset end)
    {
        var last = DayOf(end > start ? end.AddTicks(-1) : start);
        for (var day = DayOf(start); day <= last; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    public static DateTimeOffset At(DateOnly day, int hour, int minute)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
