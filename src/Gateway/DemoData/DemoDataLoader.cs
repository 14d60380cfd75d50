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
    /// <summary>
    /// On a store with nothing in it, loads everything. On a store that holds the demo data, adds today's
    /// sittings if they are missing, so that the demo always has a day to show. A store of real data is left alone.
    /// </summary>
    public async Task LoadIfEmptyOrDemo()
    {
        var venues = await grains.GetGrain<ICatalogGrain>(Catalog.Venues).List();
        if (venues.Length == 0)
        {
            await LoadAll();
        }
        else if (venues.Contains(DemoDataSet.HallId))
        {
            await LoadSessions(ParliamentTime.Today(clock));
            await LoadSessions(ParliamentTime.Today(clock).AddDays(1));
        }
    }

    public async Task LoadAll()
    {
        foreach (var (id, spec) in DemoDataSet.Venues)
        {
            Ensure(await grains.GetGrain<IVenueGrain>(id).Define(spec), id);
        }

        await Task.WhenAll(DemoDataSet.ConnectionPoints().Select(async p =>
            Ensure(await grains.GetGrain<IConnectionPointGrain>(p.Id).Define(p.Spec), p.Id)));

        foreach (var batch in DemoDataSet.Delegates().Chunk(50))
        {
            await Task.WhenAll(batch.Select(async d =>
                Ensure(await grains.GetGrain<IDelegateGrain>(d.Id).Define(d.Spec), d.Id)));
        }

        // Today's sittings to run, and tomorrow's to prepare today.
        await LoadSessions(ParliamentTime.Today(clock));
        await LoadSessions(ParliamentTime.Today(clock).AddDays(1));

        var security = new Actor("Dữ liệu mẫu", "admin");
        foreach (var batch in DemoDataSet.Routes().Chunk(50))
        {
            await Task.WhenAll(batch.Select(async r =>
                Ensure(await grains.GetGrain<IDelegateRouteGrain>(r.DelegateId).Define(r.Route, security), r.DelegateId)));
        }
    }

    private async Task LoadSessions(DateOnly day)
    {
        var existing = await grains.GetGrain<ICatalogGrain>(Catalog.Sessions).List();
        var added = 0;
        foreach (var (id, spec) in DemoDataSet.SessionsOn(day).Where(s => !existing.Contains(s.Id)))
        {
            Ensure(await grains.GetGrain<ISessionGrain>(id).Define(spec), id);
            added++;
        }

        logger.LogInformation("Demo data: {Added} sittings added for {Day}", added, day);
    }

    private static void Ensure(CommandResult result, string id)
    {
        if (!result.IsOk)
        {
            throw new InvalidOperationException($"The demo data item '{id}' was refused: {result.Detail} {string.Join("; ", result.Errors?.SelectMany(e => e.Value) ?? [])}");
        }
    }
}
