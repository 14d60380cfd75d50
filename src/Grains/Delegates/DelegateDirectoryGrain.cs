using SessionOps.Catalogs;
using SessionOps.Security;

namespace SessionOps.Delegates;

/// <summary>
/// Delegates' summaries, read from the delegates and their routes on waking and kept by their notes after. Nothing is
/// stored: the delegates and routes stay the only record, and a directory that missed a note is right again when it
/// next wakes.
/// </summary>
public sealed class DelegateDirectoryGrain : Grain, IDelegateDirectoryGrain
{
    private readonly Dictionary<string, DelegateSummary> _summaries = new(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var ids = await GrainFactory.GetGrain<ICatalogGrain>(Catalog.Delegates).List();
        var read = await Task.WhenAll(ids.Select(async id =>
        {
            // Both reads interleave: a delegate or route whose note woke the directory is waiting on it.
            var person = GrainFactory.GetGrain<IDelegateGrain>(id).Get();
            var route = GrainFactory.GetGrain<IDelegateRouteGrain>(id).GetSummary();
            return (Person: await person, Route: await route);
        }));
        foreach (var (person, route) in read)
        {
            if (person is not null)
            {
                _summaries[person.Id] = new DelegateSummary(person.Id, person.Name, person.Delegation, route);
            }
        }
    }

    public Task<DelegateSummary[]> Of(string[] ids)
    {
        var found = new List<DelegateSummary>(ids.Length);
        foreach (var id in ids)
        {
            if (_summaries.TryGetValue(id, out var summary))
            {
                found.Add(summary);
            }
        }

        return Task.FromResult(found.ToArray());
    }

    public Task DelegateDefined(DelegateRecord record)
    {
        var route = _summaries.TryGetValue(record.Id, out var known) ? known.Route : null;
        _summaries[record.Id] = new DelegateSummary(record.Id, record.Name, record.Delegation, route);
        return Task.CompletedTask;
    }

    public Task RouteChanged(RouteSummary route)
    {
        // A route is defined only for a delegate, whose definition told the directory first.
        if (_summaries.TryGetValue(route.DelegateId, out var known))
        {
            _summaries[route.DelegateId] = known with { Route = route };
        }

        return Task.CompletedTask;
    }
}
