namespace SessionOps.Sessions;

public enum ConflictKind
{
    /// <summary>One hall or meeting room booked for two sittings at once.</summary>
    Hall,

    /// <summary>One connection point in two sittings at once: its one link cannot carry both.</summary>
    ConnectionPoint,

    /// <summary>One delegate expected in two sittings at once.</summary>
    Delegate,
}

/// <summary>Two sittings that overlap in time and share a hall, points or delegates (<see cref="TargetIds"/>).</summary>
public sealed record SittingConflict(ConflictKind Kind, string[] SessionIds, string[] TargetIds, DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// Finds what the calendar must flag: sittings that overlap in time and need the same hall, connection point or
/// delegate. A postponed or cancelled sitting holds nothing.
/// </summary>
public static class SittingConflicts
{
    public static IReadOnlyList<SittingConflict> Find(IEnumerable<Session> sessions)
    {
        var holding = sessions
            .Where(s => s.Phase is not (SessionPhase.Postponed or SessionPhase.Cancelled))
            .OrderBy(s => s.ScheduledStart).ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToArray();
        var conflicts = new List<SittingConflict>();
        for (var i = 0; i < holding.Length; i++)
        {
            var a = holding[i];
            // Sorted by start: once a later sitting starts after this one ends, no later one overlaps it.
            for (var j = i + 1; j < holding.Length && holding[j].ScheduledStart < a.ScheduledEnd; j++)
            {
                var b = holding[j];
                if (b.ScheduledEnd <= a.ScheduledStart)
                {
                    continue;
                }

                var from = b.ScheduledStart > a.ScheduledStart ? b.ScheduledStart : a.ScheduledStart;
                var to = b.ScheduledEnd < a.ScheduledEnd ? b.ScheduledEnd : a.ScheduledEnd;
                string[] pair = [a.Id, b.Id];
                if (a.HallVenueId == b.HallVenueId)
                {
                    conflicts.Add(new(ConflictKind.Hall, pair, [a.HallVenueId], from, to));
                }

                if (Shared(a.ConnectionPointIds, b.ConnectionPointIds) is { Length: > 0 } points)
                {
                    conflicts.Add(new(ConflictKind.ConnectionPoint, pair, points, from, to));
                }

                if (Shared(a.DelegateIds, b.DelegateIds) is { Length: > 0 } delegates)
                {
                    conflicts.Add(new(ConflictKind.Delegate, pair, delegates, from, to));
                }
            }
        }

        return conflicts;
    }

    private static string[] Shared(string[] a, string[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return [];
        }

        var set = new HashSet<string>(a, StringComparer.Ordinal);
        return [.. b.Where(set.Contains).Distinct().Order(StringComparer.Ordinal)];
    }
}
