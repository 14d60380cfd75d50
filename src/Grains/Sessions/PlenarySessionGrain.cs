using SessionOps.Boards;

namespace SessionOps.Sessions;

[GenerateSerializer, Alias("SessionOps.PlenarySessionState")]
public sealed class PlenarySessionState
{
    [Id(0)] public Dictionary<string, PlenaryFiling> Sittings { get; init; } = new(StringComparer.Ordinal);
}

[GenerateSerializer, Immutable, Alias("SessionOps.PlenaryFiling")]
public sealed record PlenaryFiling(
    [property: Id(0)] int? Round,
    [property: Id(1)] DateOnly[] Days);

public sealed class PlenarySessionGrain(
    [PersistentState("plenary", StorageNames.Main)] IPersistentState<PlenarySessionState> state) : Grain, IPlenarySessionGrain
{
    private int Number => int.Parse(this.GetPrimaryKeyString(), System.Globalization.CultureInfo.InvariantCulture);

    public async Task File(string sessionId, int? round, DateOnly[] days)
    {
        var filing = new PlenaryFiling(round, days);
        if (state.State.Sittings.TryGetValue(sessionId, out var current) && current.Round == round && current.Days.SequenceEqual(days))
        {
            return;
        }

        await Change(sittings => sittings[sessionId] = filing);
    }

    public async Task Remove(string sessionId)
    {
        if (state.State.Sittings.ContainsKey(sessionId))
        {
            await Change(sittings => sittings.Remove(sessionId));
        }
    }

    public Task<PlenaryOutline> Get() => Task.FromResult(Outline(state.State.Sittings));

    public Task<PlenaryDay?> DayOf(string sessionId) => Task.FromResult(DaysOf(state.State.Sittings).GetValueOrDefault(sessionId));

    /// <summary>Writes the change, then tells the board of every other sitting whose day number it moved.</summary>
    private async Task Change(Action<Dictionary<string, PlenaryFiling>> change)
    {
        var before = DaysOf(state.State.Sittings);
        var next = new Dictionary<string, PlenaryFiling>(state.State.Sittings, StringComparer.Ordinal);
        change(next);
        await state.Commit(new PlenarySessionState { Sittings = next });

        foreach (var (id, day) in DaysOf(next))
        {
            if (before.TryGetValue(id, out var was) && was != day)
            {
                _ = GrainFactory.GetGrain<ISessionBoardGrain>(id).PlenaryDayChanged(day);
            }
        }
    }

    /// <summary>The days of each round numbered from 1 in date order; a sitting takes the number of its first day.</summary>
    private Dictionary<string, PlenaryDay> DaysOf(Dictionary<string, PlenaryFiling> sittings)
    {
        var days = new Dictionary<string, PlenaryDay>(StringComparer.Ordinal);
        foreach (var round in Outline(sittings).Rounds)
        {
            foreach (var day in round.Days)
            {
                foreach (var id in day.SessionIds)
                {
                    days.TryAdd(id, new PlenaryDay(Number, round.Round, day.Day));
                }
            }
        }

        return days;
    }

    private PlenaryOutline Outline(Dictionary<string, PlenaryFiling> sittings) => new(
        Number,
        [.. sittings
            .GroupBy(s => s.Value.Round)
            .OrderBy(g => g.Key ?? 0)
            .Select(round =>
            {
                var days = round
                    .SelectMany(s => s.Value.Days.Select(day => (Day: day, Id: s.Key)))
                    .GroupBy(d => d.Day)
                    .OrderBy(g => g.Key)
                    .Select((g, i) => new PlenarySittingDay(i + 1, g.Key, [.. g.Select(d => d.Id).Order(StringComparer.Ordinal)]))
                    .ToArray();
                return new PlenaryRound(round.Key, days[0].Date, days[^1].Date, days);
            })]);
}
