namespace SessionOps.Accounts;

[GenerateSerializer, Alias("SessionOps.DataProtectionKeysState")]
public sealed class DataProtectionKeysState
{
    [Id(0)] public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);
}

public sealed class DataProtectionKeysGrain(
    [PersistentState("dataProtectionKeys", StorageNames.Main)] IPersistentState<DataProtectionKeysState> state) : Grain, IDataProtectionKeysGrain
{
    public Task<string[]> All() => Task.FromResult(state.State.Keys.Values.ToArray());

    public async Task Add(string friendlyName, string xml)
    {
        if (state.State.Keys.TryGetValue(friendlyName, out var known) && known == xml)
        {
            return;
        }

        var keys = new Dictionary<string, string>(state.State.Keys, StringComparer.Ordinal) { [friendlyName] = xml };
        await state.Commit(new DataProtectionKeysState { Keys = keys });
    }
}
