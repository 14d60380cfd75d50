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
}
