using System.Security.Cryptography;
using System.Text;
using SessionOps.Catalogs;

namespace SessionOps.Accounts;

[GenerateSerializer, Alias("SessionOps.DisplayState")]
public sealed class DisplayState
{
    [Id(0)] public DisplayRecord? Display { get; set; }
    [Id(1)] public string SecretHash { get; set; } = "";
    [Id(2)] public List<string> Sessions { get; set; } = [];
}

/// <summary>A wall screen's display sign-in. Its secret is kept as a hash; revoking it ends every session it opened.</summary>
public sealed class DisplayGrain(
    [PersistentState("display", StorageNames.Main)] IPersistentState<DisplayState> state,
    TimeProvider clock) : Grain, IDisplayGrain
{
    /// <summary>A screen that is rebooted every day opens a session each time: keep the newest few, end the older.</summary>
    private const int MaxSessions = 20;

    public async Task<CommandResult> Create(string name, string secretHash, Actor by)
    {
        if (state.State.Display is not null)
        {
            return CommandResult.Conflict($"Display '{this.GetPrimaryKeyString()}' exists already.");
        }

        await state.Commit(new DisplayState
        {
            Display = new DisplayRecord(this.GetPrimaryKeyString(), name, clock.GetUtcNow(), by.Name, null, false),
            SecretHash = secretHash,
        });
        await GrainFactory.GetGrain<ICatalogGrain>(Catalog.Displays).Add(this.GetPrimaryKeyString());
        return CommandResult.Ok;
    }

    public Task<DisplayRecord?> Get() => Task.FromResult(state.State.Display);

    public async Task<DisplayRecord?> SignIn(string secretHash, string sessionKey)
    {
        if (state.State.Display is not { Revoked: false } display ||
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(secretHash), Encoding.ASCII.GetBytes(state.State.SecretHash)))
        {
            return null;
        }

        var sessions = state.State.Sessions.Append(sessionKey).ToList();
        var dropped = sessions.Count > MaxSessions ? sessions.Take(sessions.Count - MaxSessions).ToArray() : [];
        await state.Commit(new DisplayState
        {
            Display = display with { LastSignInAt = clock.GetUtcNow() },
            SecretHash = state.State.SecretHash,
            Sessions = sessions.Skip(dropped.Length).ToList(),
        });
        await Task.WhenAll(dropped.Select(key => GrainFactory.GetGrain<IWebSessionGrain>(key).End()));
        return state.State.Display;
    }

    public async Task<string[]?> Revoke()
    {
        if (state.State.Display is not { } display)
        {
            return null;
        }

        var ended = state.State.Sessions.ToArray();
        if (!display.Revoked || ended.Length > 0)
        {
            await state.Commit(new DisplayState { Display = display with { Revoked = true }, SecretHash = state.State.SecretHash });
        }

        await Task.WhenAll(ended.Select(key => GrainFactory.GetGrain<IWebSessionGrain>(key).End()));
        return ended;
    }
}
