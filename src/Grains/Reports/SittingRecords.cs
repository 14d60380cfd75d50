using Microsoft.Extensions.Logging;

namespace SessionOps.Reports;

internal static class SittingRecords
{
    /// <summary>
    /// Appends facts to the sitting's record, after the grain telling them has written its own change. A record that
    /// cannot be written is logged as an error, never a reason to fail a command that has already happened.
    /// </summary>
    public static async Task Tell(this IGrainFactory grains, string sessionId, ILogger logger, params SittingEvent[] facts)
    {
        try
        {
            await grains.GetGrain<ISittingRecordGrain>(sessionId).Record(facts);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Sitting {Session}: its record did not take {Count} facts ({Kinds}); its report will miss them",
                sessionId, facts.Length, string.Join(", ", facts.Select(f => f.Kind).Distinct()));
        }
    }
}
