using SessionOps.Catalogs;

namespace SessionOps.Catalogs;

[GenerateSerializer, Alias("SessionOps.CatalogState")]
public sealed class CatalogState
{
    [Id(0)] public HashSet<string> Ids { get; set; } = new(StringComparer.Ordinal);
}

public sealed class CatalogGrain(
    [PersistentState("catalog", StorageNames.Main)] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    public async Task Add(string id)
    {
        if (!state.State.Ids.Add(id))
        {
            return;
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Ids.Remove(id);
            throw;
        }
    }

    public async Task Remove(string id)
    {
        if (!state.State.Ids.Remove(id))
        {
            return;
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Ids.Add(id);
            throw;
        }
    }

    public Task<string[]> List() => Task.FromResult(state.State.Ids.Order(StringComparer.Ordinal).ToArray());

    public Task<string[]> Missing(string[] ids) =>
        Task.FromResult(ids.Where(id => !state.State.Ids.Contains(id)).Distinct().ToArray());
}
