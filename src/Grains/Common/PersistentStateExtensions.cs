namespace SessionOps;

internal static class PersistentStateExtensions
{
    /// <summary>
    /// Makes <paramref name="next"/> the grain's state only once storage has confirmed it:
    /// if the write fails, memory keeps what storage has, and the caller sees the error.
    /// </summary>
    public static async Task Commit<T>(this IPersistentState<T> state, T next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }

    /// <summary>Adds <paramref name="entry"/> to a kept history and writes it; if the write fails, the entry is not there.</summary>
    public static async Task Append<TState, TEntry>(this IPersistentState<TState> state, List<TEntry> history, TEntry entry)
    {
        history.Add(entry);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            history.RemoveAt(history.Count - 1);
            throw;
        }
    }
}
