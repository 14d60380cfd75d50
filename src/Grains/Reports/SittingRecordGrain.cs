using Microsoft.Extensions.Options;
using Orleans.Serialization;
using SessionOps.Journals;
using SessionOps.Readiness;
using SessionOps.Sessions;

namespace SessionOps.Reports;

[GenerateSerializer, Alias("SessionOps.FinalReportState")]
public sealed class FinalReportState
{
    [Id(0)] public SittingReport? Report { get; set; }
}

public sealed class SittingRecordGrain(
    IEventJournal journal,
    Serializer serializer,
    [PersistentState("final-report", StorageNames.Main)] IPersistentState<FinalReportState> final,
    IOptions<ReadinessOptions> readiness,
    TimeProvider clock) : Grain, ISittingRecordGrain
{
    private readonly List<SittingEvent> _events = [];

    private string Stream => $"sitting/{this.GetPrimaryKeyString()}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in await journal.Read(Stream))
        {
            _events.Add(serializer.Deserialize<SittingEvent>(entry)!);
        }
    }

    public async Task Record(params SittingEvent[] facts)
    {
        if (final.State.Report is not null)
        {
            return;
        }

        var news = new List<SittingEvent>();
        foreach (var fact in facts)
        {
            if (!SaysNothingNew(fact, news))
            {
                news.Add(fact);
            }
        }

        if (news.Count > 0)
        {
            await journal.Append(Stream, [.. news.Select(f => serializer.SerializeToArray(f))]);
            _events.AddRange(news);
        }
    }

    public Task<SittingEvent[]> Events() => Task.FromResult(_events.ToArray());

    public async Task<SittingReport?> Report()
    {
        if (final.State.Report is { } kept)
        {
            return kept;
        }

        var id = this.GetPrimaryKeyString();
        if (await GrainFactory.GetGrain<ISessionGrain>(id).Get() is not { } session)
        {
            return null;
        }

        // The deadline as the checklist sets it, worked out here: this grain never waits on the checklist, which waits on it.
        var deadline = session.ScheduledStart - readiness.Value.DeadlineBeforeStart;
        var report = SittingReports.Compute(session, _events, deadline, clock.GetUtcNow());
        if (report.Status == ReportStatus.Final)
        {
            // The month's roll-up keeps it first (a repeat replaces), then it is kept here: computed once from the
            // record as it stood at closing, it never changes, whatever flaps and restarts come later.
            var month = ParliamentTime.DayOf(report.ScheduledStart).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            await GrainFactory.GetGrain<IMonthlyReportGrain>(month).Keep(SittingReports.Summary(report));
            final.State.Report = report;
            await final.WriteStateAsync();
        }

        return report;
    }

    public Task Closed() => Report();

    /// <summary>A readiness or a head count the same as the last one told is not a new fact.</summary>
    private bool SaysNothingNew(SittingEvent fact, List<SittingEvent> news)
    {
        if (fact.Kind is not (SittingEventKind.Readiness or SittingEventKind.Attendance))
        {
            return false;
        }

        var last = news.LastOrDefault(e => e.Kind == fact.Kind) ?? _events.LastOrDefault(e => e.Kind == fact.Kind);
        return last is not null && last.To == fact.To && last.Count == fact.Count && last.Required == fact.Required;
    }
}
