using Orleans.Serialization;
using SessionOps.Journals;

namespace SessionOps.Security;

/// <summary>What an hour of the audit log held in its state before its entries went to the journal; read, never written.</summary>
[GenerateSerializer, Alias("SessionOps.AuditLogState")]
public sealed class AuditLogState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
}

/// <summary>
/// One hour of the audit log. Append-only: each entry is appended to the hour's journal stream, so a busy hour (an
/// import of five hundred delegates) no longer rewrites every entry before it with each new one.
/// </summary>
public sealed class AuditLogGrain(
    [PersistentState("audit", StorageNames.Main)] IPersistentState<AuditLogState> state,
    IEventJournal journal,
    Serializer serializer) : Grain, IAuditLogGrain
{
    private string Stream => $"audit/{this.GetPrimaryKeyString()}";

    public Task Append(AuditEntry entry) => journal.Append(Stream, [serializer.SerializeToArray(entry)]);

    /// <summary>Entries kept in the state by the previous version, then the journal's, in the order appended.</summary>
    public async Task<AuditEntry[]> List()
    {
        var journaled = await journal.Read(Stream);
        return [.. state.State.Entries, .. journaled.Select(entry => serializer.Deserialize<AuditEntry>(entry)!)];
    }
}
