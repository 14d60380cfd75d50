namespace SessionOps.Security;

[GenerateSerializer, Alias("SessionOps.AuditLogState")]
public sealed class AuditLogState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
}

/// <summary>One hour of the audit log. Append-only: nothing here changes or removes an entry.</summary>
public sealed class AuditLogGrain(
    [PersistentState("audit", StorageNames.Main)] IPersistentState<AuditLogState> state) : Grain, IAuditLogGrain
{
    public async Task Append(AuditEntry entry)
    {
        state.State.Entries.Add(entry);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Entries.RemoveAt(state.State.Entries.Count - 1);
            throw;
        }
    }

    public Task<AuditEntry[]> List() => Task.FromResult(state.State.Entries.ToArray());
}
