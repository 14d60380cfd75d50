namespace SessionOps;

/// <summary>
/// Histories that keep the API request each entry came from (its <c>Idempotency-Key</c>, hashed with the caller): a
/// request whose first attempt was recorded but whose answer was lost (a silo that died mid-call, a timeout) is
/// repeated by its client with the same key, and must not be recorded twice.
/// </summary>
public static class RepeatedRequests
{
    /// <summary>Whether an entry of <paramref name="history"/> was recorded for <paramref name="requestId"/>; the newest entries are looked at first.</summary>
    public static bool AlreadyIn<T>(IReadOnlyList<T> history, Func<T, string?> requestIdOf, string? requestId)
    {
        if (requestId is null)
        {
            return false;
        }

        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (string.Equals(requestIdOf(history[i]), requestId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
