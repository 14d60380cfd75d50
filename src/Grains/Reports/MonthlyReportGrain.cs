namespace SessionOps.Reports;

[GenerateSerializer, Alias("SessionOps.MonthlyReportState")]
public sealed class MonthlyReportState
{
    [Id(0)] public Dictionary<string, SittingSummary> Sittings { get; init; } = new(StringComparer.Ordinal);
}

public sealed class MonthlyReportGrain(
    [PersistentState("monthly-report", StorageNames.Main)] IPersistentState<MonthlyReportState> state) : Grain, IMonthlyReportGrain
{
    public async Task Keep(SittingSummary summary)
    {
        var next = new Dictionary<string, SittingSummary>(state.State.Sittings, StringComparer.Ordinal) { [summary.SessionId] = summary };
        await state.Commit(new MonthlyReportState { Sittings = next });
    }

    public Task<SittingSummary[]> Closed() => Task.FromResult(state.State.Sittings.Values.OrderBy(s => s.ScheduledStart).ToArray());
}
