using Orleans.Concurrency;

namespace SessionOps.Catalogs;

[GenerateSerializer, Alias("SessionOps.CatalogState")]
public sealed class CatalogState
{
    [Id(0)] public HashSet<string> Ids { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A set of ids, written as one record. Adds that arrive while a write is under way are written together by the next
/// one (group commit), so that setting up a thousand points costs a few writes, not a thousand; there is still only
/// one write outstanding at a time, and an add returns only once storage holds its id.
/// </summary>
[Reentrant]
public sealed class CatalogGrain(
    [PersistentState("catalog", StorageNames.Main)] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    /// <summary>Ids added or removed in memory but not yet written, and the write that will carry them.</summary>
    private readonly HashSet<string> _pendingAdds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pendingRemoves = new(StringComparer.Ordinal);
    private string[] _writingAdds = [];
    private string[] _writingRemoves = [];
    private TaskCompletionSource? _nextWrite;
    private bool _writing;

    public Task Add(string id)
    {
        if (_pendingRemoves.Remove(id))
        {
            state.State.Ids.Add(id);
            return NextWrite();
        }

        if (!state.State.Ids.Add(id))
        {
            // Already there, or on its way: wait for storage to hold it.
            return _pendingAdds.Contains(id) || _writingAdds.Contains(id) ? NextWrite() : Task.CompletedTask;
        }

        _pendingAdds.Add(id);
        return NextWrite();
    }

    public Task Remove(string id)
    {
        if (_pendingAdds.Remove(id))
        {
            state.State.Ids.Remove(id);
            return NextWrite();
        }

        if (!state.State.Ids.Remove(id))
        {
            return Task.CompletedTask;
        }

        _pendingRemoves.Add(id);
        return NextWrite();
    }

    public Task<string[]> List() => Task.FromResult(Committed().Order(StringComparer.Ordinal).ToArray());

    public Task<string[]> Missing(string[] ids)
    {
        var committed = Committed();
        return Task.FromResult(ids.Where(id => !committed.Contains(id)).Distinct().ToArray());
    }

    /// <summary>What storage holds: readers never see an id whose write has not been confirmed.</summary>
    private HashSet<string> Committed()
    {
        if (_pendingAdds.Count == 0 && _pendingRemoves.Count == 0 && _writingAdds.Length == 0 && _writingRemoves.Length == 0)
        {
            return state.State.Ids;
        }

        var committed = new HashSet<string>(state.State.Ids, StringComparer.Ordinal);
        committed.ExceptWith(_pendingAdds);
        committed.ExceptWith(_writingAdds);
        committed.UnionWith(_pendingRemoves);
        committed.UnionWith(_writingRemoves);
        return committed;
    }

    private Task NextWrite()
    {
        _nextWrite ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = _nextWrite.Task;
        if (!_writing)
        {
            _ = WriteLoop();
        }

        return waiting;
    }

    private async Task WriteLoop()
    {
        _writing = true;
        try
        {
            while (_nextWrite is { } batch)
            {
                _nextWrite = null;
                (_writingAdds, _writingRemoves) = (_pendingAdds.ToArray(), _pendingRemoves.ToArray());
                _pendingAdds.Clear();
                _pendingRemoves.Clear();
                try
                {
                    await state.WriteStateAsync();
                    (_writingAdds, _writingRemoves) = ([], []);
                    batch.SetResult();
                }
                catch (Exception exception)
                {
                    // Memory goes back to what storage holds, and everyone who waited on this write hears why.
                    state.State.Ids.ExceptWith(_writingAdds);
                    state.State.Ids.UnionWith(_writingRemoves);
                    (_writingAdds, _writingRemoves) = ([], []);
                    batch.SetException(exception);
                }
            }
        }
        finally
        {
            _writing = false;
        }
    }
}
