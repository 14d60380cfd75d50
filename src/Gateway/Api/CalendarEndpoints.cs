using System.Globalization;
using SessionOps.Catalogs;
using SessionOps.ConnectionPoints;
using SessionOps.Delegates;
using SessionOps.Gateway.Auth;
using SessionOps.Readiness;
using SessionOps.Sessions;
using SessionOps.Venues;

namespace SessionOps.Gateway.Api;

public sealed record CalendarReadiness(ReadinessState State, int Percent);

/// <summary>A sitting as the month's calendar shows it.</summary>
public sealed record CalendarSitting(
    string Id,
    string Title,
    SessionKind Kind,
    SessionFormat Format,
    SessionPhase Phase,
    string? PhaseReason,
    string HallVenueId,
    string HallName,
    DateTimeOffset ScheduledStart,
    DateTimeOffset ScheduledEnd,
    DateOnly[] Days,
    int ConnectionPoints,
    int Delegates,
    PlenaryDay? Plenary,
    CalendarReadiness? Readiness);

public sealed record ConflictTarget(string Id, string Name);

public sealed record CalendarConflict(ConflictKind Kind, string[] SessionIds, ConflictTarget[] Targets, DateTimeOffset From, DateTimeOffset To);

public sealed record CalendarMonth(string Month, DateOnly From, DateOnly To, CalendarSitting[] Sittings, CalendarConflict[] Conflicts);

public static class CalendarEndpoints
{
    public static void MapCalendar(this IEndpointRouteBuilder api)
    {
        // The month's sittings by Hà Nội day, with what the calendar must flag: a hall, a point or a delegate wanted twice at once.
        api.MapGet("/calendar", async (string? month, IGrainFactory grains, TimeProvider clock, HttpContext http) =>
        {
            if (!SittingDays.TryMonth(month, clock, out var first))
            {
                return SittingDays.BadMonth();
            }

            var last = first.AddMonths(1).AddDays(-1);
            var sessions = await SittingDays.Read(grains, first, last);
            var halls = await Names<Venue>(sessions.Select(s => s.HallVenueId), id => grains.GetGrain<IVenueGrain>(id).Get(), v => v.Name);
            var sittings = await Task.WhenAll(sessions.Select(async s =>
            {
                var readiness = await grains.GetGrain<IReadinessGrain>(s.Id).Get();
                var plenary = s.PlenarySession is { } p
                    ? await grains.GetGrain<IPlenarySessionGrain>(p.Number.ToString(CultureInfo.InvariantCulture)).DayOf(s.Id)
                    : null;
                return new CalendarSitting(s.Id, s.Title, s.Kind, s.Format, s.Phase, s.PhaseReason, s.HallVenueId,
                    halls.GetValueOrDefault(s.HallVenueId, s.HallVenueId), s.ScheduledStart, s.ScheduledEnd, [.. s.Days],
                    s.ConnectionPointIds.Length, s.DelegateIds.Length, plenary,
                    readiness is null ? null : new CalendarReadiness(readiness.State, readiness.Percent));
            }));

            IReadOnlyList<SittingConflict> found = SittingConflicts.Find(sessions);
            var pointIds = found.Where(c => c.Kind == ConflictKind.ConnectionPoint).SelectMany(c => c.TargetIds).Distinct(StringComparer.Ordinal).ToArray();
            var pointRecords = (await Task.WhenAll(pointIds.Select(id => grains.GetGrain<IConnectionPointGrain>(id).Get()))).OfType<ConnectionPoint>().ToArray();
            var points = pointRecords.ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
            // A reader scoped to provinces is told of no other province's point.
            var outOfScope = pointRecords.Where(p => !http.User.Covers(p.Province)).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            found = [.. found
                .Select(c => c.Kind == ConflictKind.ConnectionPoint ? c with { TargetIds = [.. c.TargetIds.Where(id => !outOfScope.Contains(id))] } : c)
                .Where(c => c.TargetIds.Length > 0)];
            var delegates = await Names<DelegateRecord>(found.Where(c => c.Kind == ConflictKind.Delegate).SelectMany(c => c.TargetIds),
                id => grains.GetGrain<IDelegateGrain>(id).Get(), d => d.Name);
            var conflicts = found.Select(c =>
            {
                var names = c.Kind switch { ConflictKind.Hall => halls, ConflictKind.ConnectionPoint => points, _ => delegates };
                return new CalendarConflict(c.Kind, c.SessionIds, [.. c.TargetIds.Select(id => new ConflictTarget(id, names.GetValueOrDefault(id, id)))], c.From, c.To);
            }).ToArray();

            return Results.Ok(new CalendarMonth(first.ToString("yyyy-MM", CultureInfo.InvariantCulture), first, last, sittings, conflicts));
        }).Produces<CalendarMonth>().ProducesValidationProblem().RequireAuthorization(Policies.Read);

        // A kỳ họp: its rounds (đợt) and their days of sittings, numbered.
        api.MapGet("/plenary-sessions/{number:int}", async (int number, IGrainFactory grains) =>
        {
            if (number is < 1 or > 99)
            {
                return CommandResultExtensions.NotFound("kỳ họp", number.ToString(CultureInfo.InvariantCulture));
            }

            var outline = await grains.GetGrain<IPlenarySessionGrain>(number.ToString(CultureInfo.InvariantCulture)).Get();
            return outline.Rounds.Length == 0 ? CommandResultExtensions.NotFound("kỳ họp", number.ToString(CultureInfo.InvariantCulture)) : Results.Ok(outline);
        }).Produces<PlenaryOutline>().ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.Read);
    }

    private static async Task<Dictionary<string, string>> Names<T>(IEnumerable<string> ids, Func<string, Task<T?>> get, Func<T, string> name)
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToArray();
        var found = await Task.WhenAll(distinct.Select(get));
        return distinct.Zip(found).Where(p => p.Second is not null).ToDictionary(p => p.First, p => name(p.Second!), StringComparer.Ordinal);
    }
}
