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
        await state.Append(state.State.Entries, entry);
    }

    public Task<AuditEntry[]> List() => Task.FromResult(state.State.Entries.ToArray());
}
