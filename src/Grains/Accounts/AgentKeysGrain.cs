using System.Security.Cryptography;
using System.Text;

namespace SessionOps.Accounts;

[GenerateSerializer, Alias("SessionOps.AgentKeyEntry")]
public sealed record AgentKeyEntry(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string SecretHash,
    [property: Id(2)] DateTimeOffset CreatedAt);

[GenerateSerializer, Alias("SessionOps.AgentKeysState")]
public sealed class AgentKeysState
{
    [Id(0)] public List<AgentKeyEntry> Keys { get; set; } = [];
    [Id(1)] public Dictionary<string, DateTimeOffset> LastUsed { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The agent keys of one connection point. Gateways cache what they verified, so a key is verified here about once a
/// minute per Gateway; its last use is written at most that often.
/// </summary>
public sealed class AgentKeysGrain(
    [PersistentState("agentKeys", StorageNames.Main)] IPersistentState<AgentKeysState> state,
    TimeProvider clock) : Grain, IAgentKeysGrain
{
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    public async Task Add(string keyId, string secretHash)
    {
        if (state.State.Keys.Any(k => k.KeyId == keyId))
        {
            return;
        }

        await state.Append(state.State.Keys, new AgentKeyEntry(keyId, secretHash, clock.GetUtcNow()));
    }

    public Task<AgentKeyInfo[]> List() => Task.FromResult(state.State.Keys
        .Select(k => new AgentKeyInfo(k.KeyId, k.CreatedAt, state.State.LastUsed.TryGetValue(k.KeyId, out var used) ? used : null))
        .ToArray());

    public async Task<bool> Revoke(string keyId)
    {
        var index = state.State.Keys.FindIndex(k => k.KeyId == keyId);
        if (index < 0)
        {
            return false;
        }

        var keys = state.State.Keys.Where((_, i) => i != index).ToList();
        var lastUsed = state.State.LastUsed.Where(u => u.Key != keyId).ToDictionary(StringComparer.Ordinal);
        await state.Commit(new AgentKeysState { Keys = keys, LastUsed = lastUsed });
        return true;
    }

    public async Task<bool> Verify(string keyId, string secretHash)
    {
        var entry = state.State.Keys.Find(k => k.KeyId == keyId);
        if (entry is null ||
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(entry.SecretHash), Encoding.ASCII.GetBytes(secretHash)))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        if (!state.State.LastUsed.TryGetValue(keyId, out var used) || now - used >= LastUsedPrecision)
        {
            state.State.LastUsed[keyId] = now;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // The key is good whatever storage says of its last use; the next verification records it.
            }
        }

        return true;
    }
}
