using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace SessionOps.Journals;

/// <summary>What a grain's state keeps of a history: the latest entries, and those not yet known to be in the journal.</summary>
public interface IKeptHistory<TEntry>
{
    List<TEntry> Kept { get; set; }

    /// <summary>False for a state written before the journal: its entries go to the journal with the next one.</summary>
    bool KeptJournaled { get; set; }

    /// <summary>Entries recorded whose journal append has not been seen to succeed: appended again with the next entry.</summary>
    List<TEntry> Unjournaled { get; set; }
}

public static class KeptHistory
{
    /// <summary>How many of the latest entries a state keeps: what a status and a repeated request look at.</summary>
    public const int KeptCount = 50;
}

/// <summary>
/// A history that piles up (route checks and venue sweeps over years, a sitting's readiness checks and attendance
/// marks). Every entry is appended to a journal stream of its own; the state keeps only the latest
/// <see cref="KeptHistory.KeptCount"/>, so an entry no longer rewrites every entry before it. The state is written first
/// and is where an entry is recorded: a failed write leaves no trace of it anywhere (the caller sees the error), and an
/// entry whose journal append failed stays in the state until a later append carries it.
/// </summary>
public sealed class KeptHistory<TState, TEntry>(
    IPersistentState<TState> state, IEventJournal journal, Serializer serializer, string stream, ILogger logger)
    where TState : IKeptHistory<TEntry>
    where TEntry : IHistoryEntry
{
    /// <summary>
    /// Records <paramref name="entry"/> by writing the state, with whatever else the caller changed in it, then appends it
    /// to the journal. If the write fails, the kept entries are as they were (the caller restores what else it changed)
    /// and the caller sees the error; a failed append is logged and tried again with the next entry.
    /// </summary>
    public async Task Record(TEntry entry)
    {
        var kept = state.State;
        if (kept.KeptJournaled && kept.Unjournaled.Count > 0)
        {
            kept.Unjournaled = await NotYetJournaled(kept.Unjournaled);
        }

        var before = (kept.Kept, kept.KeptJournaled, kept.Unjournaled);
        List<TEntry> journaling = kept.KeptJournaled ? [.. kept.Unjournaled, entry] : [.. kept.Kept, entry];
        kept.Kept = [.. kept.Kept.Skip(Math.Max(0, kept.Kept.Count + 1 - KeptHistory.KeptCount)), entry];
        kept.KeptJournaled = true;
        kept.Unjournaled = journaling;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (kept.Kept, kept.KeptJournaled, kept.Unjournaled) = before;
            throw;
        }

        try
        {
            await journal.Append(stream, [.. journaling.Select(e => serializer.SerializeToArray(e))]);
            // Written with the next entry; until then a state read again lists these as unjournaled (see NotYetJournaled).
            kept.Unjournaled = [];
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "{Stream}: {Count} entries recorded in the state could not be journaled yet; they go with the next entry",
                stream, journaling.Count);
        }
    }

    /// <summary>
    /// Those of <paramref name="entries"/> the journal does not hold yet. A state read again by a new activation lists
    /// the entries of its previous activation's last record as unjournaled (the state was written before their append):
    /// looked for once, they are not appended a second time. A journal that cannot be read gets them again.
    /// </summary>
    private async Task<List<TEntry>> NotYetJournaled(List<TEntry> entries)
    {
        try
        {
            var journaled = (await journal.Read(stream)).Select(entry => serializer.Deserialize<TEntry>(entry)!).ToHashSet();
            return [.. entries.Where(entry => !journaled.Contains(entry))];
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "{Stream}: the journal could not be read; its unjournaled entries are appended again", stream);
            return entries;
        }
    }

    /// <summary>
    /// Every entry, oldest first: the journal's, the state's latest and those the state holds for the journal. An entry
    /// appended twice (after a state that still listed it as unjournaled, or a state from before the journal), or
    /// recorded twice under the same request, is listed once.
    /// </summary>
    public async Task<TEntry[]> All()
    {
        var journaled = (await journal.Read(stream)).Select(entry => serializer.Deserialize<TEntry>(entry)!);
        var seenRequests = new HashSet<string>(StringComparer.Ordinal);
        return [.. journaled.Concat(state.State.Kept).Concat(state.State.Unjournaled).Distinct()
            .Where(e => e.RequestId is null || seenRequests.Add(e.RequestId))
            .OrderBy(e => e.At)];
    }
}
