namespace SessionOps.Operations;

[GenerateSerializer, Alias("SessionOps.IdempotentRequestState")]
public sealed class IdempotentRequestState
{
    [Id(0)] public string? RequestHash { get; set; }
    [Id(1)] public StoredResponse? Response { get; set; }
}

/// <summary>
/// Not reentrant: two requests with one key are serialized here, and the second learns that the first is under way
/// (in memory: an attempt that a silo loss interrupts may be repeated) or what it answered (in storage).
/// </summary>
public sealed class IdempotentRequestGrain(
    [PersistentState("idempotentRequest", StorageNames.Main)] IPersistentState<IdempotentRequestState> state,
    TimeProvider clock) : Grain, IIdempotentRequestGrain
{
    private string? _inProgress;

    public Task<RequestBegun> Begin(string requestHash)
    {
        var stored = state.State;
        if (stored.Response is { } response && clock.GetUtcNow() - response.At < IdempotentRequests.Retention)
        {
            return Task.FromResult(stored.RequestHash == requestHash
                ? new RequestBegun(RequestStart.Done, response)
                : new RequestBegun(RequestStart.Mismatch, null));
        }

        if (_inProgress is not null)
        {
            return Task.FromResult(new RequestBegun(_inProgress == requestHash ? RequestStart.InProgress : RequestStart.Mismatch, null));
        }

        _inProgress = requestHash;
        return Task.FromResult(new RequestBegun(RequestStart.New, null));
    }

    public async Task Complete(string requestHash, StoredResponse response)
    {
        if (_inProgress != requestHash)
        {
            return;
        }

        _inProgress = null;
        await state.Commit(new IdempotentRequestState { RequestHash = requestHash, Response = response });
        // Kept in storage for a repeat; nothing to keep in memory.
        DeactivateOnIdle();
    }

    public Task Abandon(string requestHash)
    {
        if (_inProgress == requestHash)
        {
            _inProgress = null;
        }

        return Task.CompletedTask;
    }
}
