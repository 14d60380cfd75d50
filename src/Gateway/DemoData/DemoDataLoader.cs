using SessionOps.Catalogs;
using SessionOps.ConnectionPoints;
using SessionOps.Delegates;
using SessionOps.Security;
using SessionOps.Sessions;
using SessionOps.Venues;

namespace SessionOps.Gateway.DemoData;

/// <summary>Writes the demo data set through the grains, as any client would. Every write is an idempotent define.</summary>
public sealed class DemoDataLoader(IGrainFactory grains, TimeProvider clock, ILogger<DemoDataLoader> logger)
{
    private static readonly Actor Office = new("Dữ liệu mẫu", "admin");

    /// <summary>
    /// On a store with nothing in it, or one that holds the demo data, loads what of it is missing (what is there is
    /// left as it is, and the month of today gains its missing sittings, so that the demo always has a day to run). A
    /// store of real data is left alone.
    /// </summary>
    public async Task LoadIfEmptyOrDemo()
    {
        var venues = await grains.GetGrain<ICatalogGrain>(Catalog.Venues).List();
        if (venues.Length == 0 || venues.Contains(DemoDataSet.HallId))
        {
            await LoadAll();
        }
    }

    /// <summary>Defines whatever of the demo data set is missing; what is there (an admin may have changed it) is left as it is.</summary>
    public async Task LoadAll()
    {
        var started = clock.GetTimestamp();
        var venues = (await grains.GetGrain<ICatalogGrain>(Catalog.Venues).List()).ToHashSet(StringComparer.Ordinal);
        var points = (await grains.GetGrain<ICatalogGrain>(Catalog.ConnectionPoints).List()).ToHashSet(StringComparer.Ordinal);
        var delegates = (await grains.GetGrain<ICatalogGrain>(Catalog.Delegates).List()).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, spec) in DemoDataSet.Venues.Where(v => !venues.Contains(v.Id)))
        {
            Ensure(await grains.GetGrain<IVenueGrain>(id).Define(spec), id);
        }

        await Task.WhenAll(DemoDataSet.ConnectionPoints().Where(p => !points.Contains(p.Id)).Select(async p =>
            Ensure(await grains.GetGrain<IConnectionPointGrain>(p.Id).Define(p.Spec), p.Id)));

        foreach (var batch in DemoDataSet.Delegates().Where(d => !delegates.Contains(d.Id)).Chunk(50))
        {
            await Task.WhenAll(batch.Select(async d =>
                Ensure(await grains.GetGrain<IDelegateGrain>(d.Id).Define(d.Spec), d.Id)));
        }

        // Routes of the delegates defined just now: a route security has changed stays as they left it.
        foreach (var batch in DemoDataSet.Routes().Where(r => !delegates.Contains(r.DelegateId)).Chunk(50))
        {
            await Task.WhenAll(batch.Select(async r =>
                Ensure(await grains.GetGrain<IDelegateRouteGrain>(r.DelegateId).Define(r.Route, Office), r.DelegateId)));
        }

        var added = await LoadMonth(ParliamentTime.Today(clock));
        logger.LogInformation("Demo data loaded in {Elapsed:0} ms: {Added} sittings added to the month", clock.GetElapsedTime(started).TotalMilliseconds, added);
    }

    /// <summary>The month's sittings that are not there yet, each disrupted as the demo says once it is defined.</summary>
    private async Task<int> LoadMonth(DateOnly today)
    {
        var existing = (await grains.GetGrain<ICatalogGrain>(Catalog.Sessions).List()).ToHashSet(StringComparer.Ordinal);
        var missing = DemoMonth.Of(today).Where(s => !existing.Contains(s.Id)).ToArray();
        foreach (var batch in missing.Chunk(16))
        {
            await Task.WhenAll(batch.Select(async sitting =>
            {
                var grain = grains.GetGrain<ISessionGrain>(sitting.Id);
                Ensure(await grain.Define(sitting.Spec), sitting.Id);
                switch (sitting.Disruption)
                {
                    case { Phase: { } phase } disruption:
                        Ensure(await grain.ChangePhase(new PhaseRequest(phase, disruption.Reason, false, Office)), sitting.Id);
                        break;
                    case { MovedBy: { } by } disruption:
                        Ensure(await grain.Reschedule(new RescheduleRequest(
                            sitting.Spec.ScheduledStart + by, sitting.Spec.ScheduledEnd + by, disruption.Reason, Office)), sitting.Id);
                        break;
                }
            }));
        }

        return missing.Length;
    }

    private static void Ensure(CommandResult result, string id)
    {
        if (!result.IsOk)
        {
            throw new InvalidOperationException($"The demo data item '{id}' was refused: {result.Detail} {string.Join("; ", result.Errors?.SelectMany(e => e.Value) ?? [])}");
        }
    }
}
