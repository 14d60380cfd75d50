using Orleans.Serialization;

namespace SessionOps.Journals;

/// <summary>What a grain's state keeps of a history: the latest entries, and whether all of them are in the journal too.</summary>
public interface IKeptHistory<TEntry>
{
    List<TEntry> Kept { get; set; }

    /// <summary>False for a state written before the journal: its entries go to the journal with the next one.</summary>
    bool KeptJournaled { get; set; }
}

public static class KeptHistory
{
    /// <summary>How many of the latest entries a state keeps: what a status and a repeated request look at.</summary>
    public const int KeptCount = 50;
}

/// <summary>
/// A history that piles up (route checks and venue sweeps over years, a sitting's readiness checks and attendance
/// marks). Every entry is appended to a journal stream of its own; the state keeps only the latest
/// <see cref="KeptHistory.KeptCount"/>, so an entry no longer rewrites every entry before it. The journal is written
/// first: an entry the state shows is always in the history, and a failed write leaves the state as it was.
/// </summary>
public sealed class KeptHistory<TState, TEntry>(IPersistentState<TState> state, IEventJournal journal, Serializer serializer, string stream)
    where TState : IKeptHistory<TEntry>
    where TEntry : IHistoryEntry
{
    /// <summary>
    /// Appends <paramref name="entry"/> and writes the state, with whatever else the caller changed in it. If the write
    /// fails, the kept entries are as they were (the caller restores what else it changed) and the caller sees the error.
    /// </summary>
    public async Task Record(TEntry entry)
    {
        var kept = state.State;
        List<TEntry> journaling = kept.KeptJournaled ? [entry] : [.. kept.Kept, entry];
        await journal.Append(stream, [.. journaling.Select(e => serializer.SerializeToArray(e))]);

        var before = (kept.Kept, kept.KeptJournaled);
        kept.Kept = [.. kept.Kept.Skip(Math.Max(0, kept.Kept.Count + 1 - KeptHistory.KeptCount)), entry];
        kept.KeptJournaled = true;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (kept.Kept, kept.KeptJournaled) = before;
            throw;
        }
    }

    /// <summary>
    /// Every entry, oldest first. An entry journaled twice (a state from before the journal, or a state write that failed
    /// after its journal entry and was repeated under the same request) is listed once.
    /// </summary>
    public async Task<TEntry[]> All()
    {
        var journaled = (await journal.Read(stream)).Select(entry => serializer.Deserialize<TEntry>(entry)!);
        var seenRequests = new HashSet<string>(StringComparer.Ordinal);
        return [.. journaled.Concat(state.State.Kept).Distinct()
            .Where(e => e.RequestId is null || seenRequests.Add(e.RequestId))
            .OrderBy(e => e.At)];
    }
}
