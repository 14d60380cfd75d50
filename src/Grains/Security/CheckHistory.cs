using Orleans.Serialization;
using SessionOps.Journals;

namespace SessionOps.Security;

/// <summary>The checks a grain keeps in its state: the latest ones, and whether all of them are in the journal too.</summary>
public interface IKeptChecks
{
    List<SecurityCheck> Kept { get; set; }

    /// <summary>False for a state written before the journal: its checks go to the journal with the next one.</summary>
    bool KeptJournaled { get; set; }
}

/// <summary>
/// Route checks and venue sweeps as they pile up over years of sittings. Every check is appended to a journal stream of
/// its own; the state keeps only the latest <see cref="KeptCount"/> (what a status and a repeated request look at), so a
/// check no longer rewrites every check before it. The journal is written first: a check the state shows is always in
/// the history, and a failed write leaves the state as it was.
/// </summary>
public sealed class CheckHistory<TState>(IPersistentState<TState> state, IEventJournal journal, Serializer serializer, string stream)
    where TState : IKeptChecks
{
    public const int KeptCount = 50;

    public async Task Record(SecurityCheck check)
    {
        var kept = state.State;
        List<SecurityCheck> journaling = kept.KeptJournaled ? [check] : [.. kept.Kept, check];
        await journal.Append(stream, [.. journaling.Select(c => serializer.SerializeToArray(c))]);

        var before = (kept.Kept, kept.KeptJournaled);
        kept.Kept = [.. kept.Kept.Skip(Math.Max(0, kept.Kept.Count + 1 - KeptCount)), check];
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
    /// Every check, oldest first. A check journaled twice (a state from before the journal, or a state write that failed
    /// after its journal entry and was repeated under the same request) is listed once.
    /// </summary>
    public async Task<SecurityCheck[]> All()
    {
        var journaled = (await journal.Read(stream)).Select(entry => serializer.Deserialize<SecurityCheck>(entry)!);
        var seenRequests = new HashSet<string>(StringComparer.Ordinal);
        return [.. journaled.Concat(state.State.Kept).Distinct()
            .Where(c => c.RequestId is null || seenRequests.Add(c.RequestId))
            .OrderBy(c => c.At)];
    }
}
