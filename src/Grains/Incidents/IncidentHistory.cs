using Orleans.Serialization;
using SessionOps.Journals;

namespace SessionOps.Incidents;

[GenerateSerializer, Alias("SessionOps.IncidentGrainState")]
public sealed class IncidentGrainState
{
    /// <summary>The incident as it is now, with its latest <see cref="IncidentHistory.KeptCount"/> steps.</summary>
    [Id(0)] public Incident? Incident { get; set; }

    /// <summary>False for a state written before the journal: its steps go to the journal with the next one.</summary>
    [Id(1)] public bool HistoryJournaled { get; set; }

    /// <summary>How many steps the incident has had, journaled ones included.</summary>
    [Id(2)] public int Steps { get; set; }
}

/// <summary>A step of an incident as its journal holds it: with its place in the history, so that a step written twice is listed once.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.JournaledIncidentStep")]
public sealed record JournaledIncidentStep([property: Id(0)] int Seq, [property: Id(1)] IncidentEvent Step);

/// <summary>
/// An incident's steps as a flapping link piles them up over a sitting. Every step is appended to the incident's journal
/// stream; the state keeps the incident with its latest <see cref="KeptCount"/> steps, so a step no longer rewrites every
/// step before it. The journal is written first: a step the state shows is always in the history, and a failed state
/// write leaves the state as it was (its journaled step is then outnumbered: see <see cref="All"/>).
/// </summary>
public sealed class IncidentHistory(IPersistentState<IncidentGrainState> state, IEventJournal journal, Serializer serializer, string stream)
{
    public const int KeptCount = 50;

    /// <summary>Makes <paramref name="next"/> the incident, with <paramref name="step"/> as its newest step.</summary>
    public async Task Record(Incident next, IncidentEvent step)
    {
        var current = state.State;
        var steps = StepsOf(current);
        List<JournaledIncidentStep> journaling = current.HistoryJournaled || current.Incident is null
            ? [new(steps, step)]
            : [.. current.Incident.History.Select((e, i) => new JournaledIncidentStep(i, e)), new(steps, step)];
        await journal.Append(stream, [.. journaling.Select(s => serializer.SerializeToArray(s))]);

        var kept = next.History.Length >= KeptCount ? next.History[^(KeptCount - 1)..] : next.History;
        await state.Commit(new IncidentGrainState
        {
            Incident = next with { History = [.. kept, step] },
            HistoryJournaled = true,
            Steps = steps + 1,
        });
    }

    /// <summary>Makes <paramref name="next"/> the incident without a step of its own (whom it keeps from the sitting changed).</summary>
    public Task Amend(Incident next) => state.Commit(new IncidentGrainState
    {
        Incident = next,
        HistoryJournaled = state.State.HistoryJournaled,
        Steps = state.State.Steps,
    });

    /// <summary>
    /// Every step, oldest first. A step journaled and then not stored in the state (its write failed) is replaced by the
    /// step written later in its place, or left out when none was.
    /// </summary>
    public async Task<IncidentEvent[]> All()
    {
        var current = state.State;
        if (current.Incident is null || !current.HistoryJournaled)
        {
            return current.Incident?.History ?? [];
        }

        var journaled = (await journal.Read(stream)).Select(entry => serializer.Deserialize<JournaledIncidentStep>(entry)!);
        return [.. journaled.Where(s => s.Seq < current.Steps)
            .GroupBy(s => s.Seq).Select(g => g.Last())
            .OrderBy(s => s.Seq).Select(s => s.Step)];
    }

    private static int StepsOf(IncidentGrainState current) =>
        current.HistoryJournaled ? current.Steps : current.Incident?.History.Length ?? 0;
}
