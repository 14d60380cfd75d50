namespace SessionOps.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline instead of sleeping for a guessed time.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T>> read, Func<T, bool> until, TimeSpan? within = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        T last;
        Exception? lastError = null;
        do
        {
            try
            {
                last = await read();
                if (until(last))
                {
                    return last;
                }
            }
            catch (Exception error)
            {
                lastError = error;
                last = default!;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"Timed out waiting for {what ?? "the condition"}; last value: {last}", lastError);
    }
}
