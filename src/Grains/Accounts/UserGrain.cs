using SessionOps.Catalogs;

namespace SessionOps.Accounts;

[GenerateSerializer, Alias("SessionOps.UserState")]
public sealed class UserState
{
    [Id(0)] public UserSpec? Spec { get; set; }
    [Id(1)] public string? PasswordHash { get; set; }
    [Id(2)] public bool Disabled { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(5)] public DateTimeOffset? PasswordChangedAt { get; set; }

    /// <summary>The user's open sign-in sessions and when each expires at the latest, so that a disable can end them.</summary>
    [Id(6)] public Dictionary<string, DateTimeOffset> Sessions { get; set; } = new(StringComparer.Ordinal);
}

public sealed class UserGrain(
    [PersistentState("user", StorageNames.Main)] IPersistentState<UserState> state,
    TimeProvider clock) : Grain, IUserGrain
{
    private static readonly UserChange NotFound = new(CommandResult.NotFound("There is no such user."), []);

    private string Id => this.GetPrimaryKeyString();

    public async Task<UserChange> Define(UserSpec spec)
    {
        var current = state.State;
        if (current.Spec is { } known && known.Name == spec.Name && known.Role == spec.Role && known.Provinces.SequenceEqual(spec.Provinces))
        {
            return new UserChange(CommandResult.Ok, []);
        }

        // A user whose role or reach changes signs in again: no session keeps powers that were taken away.
        var scopeChanged = current.Spec is { } before && (before.Role != spec.Role || !before.Provinces.SequenceEqual(spec.Provinces));
        var ended = scopeChanged ? current.Sessions.Keys.ToArray() : [];
        var now = clock.GetUtcNow();
        await state.Commit(new UserState
        {
            Spec = spec,
            PasswordHash = current.PasswordHash,
            Disabled = current.Disabled,
            CreatedAt = current.Spec is null ? now : current.CreatedAt,
            UpdatedAt = now,
            PasswordChangedAt = current.PasswordChangedAt,
            Sessions = scopeChanged ? new(StringComparer.Ordinal) : current.Sessions,
        });
        await EndSessions(ended);
        await GrainFactory.GetGrain<ICatalogGrain>(Catalog.Users).Add(Id);
        return new UserChange(CommandResult.Ok, ended);
    }

    public Task<UserRecord?> Get() => Task.FromResult(View());

    public Task<UserCredentials?> Credentials() =>
        Task.FromResult(View() is { } user ? new UserCredentials(user, state.State.PasswordHash) : null);

    public async Task<UserChange> SetPasswordHash(string passwordHash, string? keepSession = null)
    {
        if (state.State.Spec is null)
        {
            return NotFound;
        }

        var ended = state.State.Sessions.Keys.Where(key => key != keepSession).ToArray();
        var previous = (state.State.PasswordHash, state.State.PasswordChangedAt, state.State.Sessions);
        state.State.PasswordHash = passwordHash;
        state.State.PasswordChangedAt = clock.GetUtcNow();
        state.State.Sessions = state.State.Sessions.Where(s => s.Key == keepSession).ToDictionary(StringComparer.Ordinal);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (state.State.PasswordHash, state.State.PasswordChangedAt, state.State.Sessions) = previous;
            throw;
        }

        await EndSessions(ended);
        return new UserChange(CommandResult.Ok, ended);
    }

    public async Task Rehash(string passwordHash)
    {
        if (state.State.Spec is null)
        {
            return;
        }

        var previous = state.State.PasswordHash;
        state.State.PasswordHash = passwordHash;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.PasswordHash = previous;
            throw;
        }
    }

    public async Task<UserChange> Disable()
    {
        if (state.State.Spec is null)
        {
            return NotFound;
        }

        var ended = state.State.Sessions.Keys.ToArray();
        if (!state.State.Disabled || ended.Length > 0)
        {
            var previous = state.State.Sessions;
            state.State.Disabled = true;
            state.State.Sessions = new(StringComparer.Ordinal);
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State.Disabled = false;
                state.State.Sessions = previous;
                throw;
            }
        }

        // The account is disabled in storage first: a session that outlives a failed end below is refused by its owner.
        await EndSessions(ended);
        return new UserChange(CommandResult.Ok, ended);
    }

    public async Task<UserChange> Enable()
    {
        if (state.State.Spec is null)
        {
            return NotFound;
        }

        if (state.State.Disabled)
        {
            state.State.Disabled = false;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State.Disabled = true;
                throw;
            }
        }

        return new UserChange(CommandResult.Ok, []);
    }

    public async Task<bool> AddSession(string sessionKey, DateTimeOffset expiresAt)
    {
        if (state.State.Spec is null || state.State.Disabled)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var sessions = state.State.Sessions.Where(s => s.Value > now).ToDictionary(StringComparer.Ordinal);
        sessions[sessionKey] = expiresAt;
        var previous = state.State.Sessions;
        state.State.Sessions = sessions;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Sessions = previous;
            throw;
        }

        return true;
    }

    public async Task RemoveSession(string sessionKey)
    {
        if (state.State.Sessions.ContainsKey(sessionKey))
        {
            var previous = state.State.Sessions;
            state.State.Sessions = new Dictionary<string, DateTimeOffset>(previous, StringComparer.Ordinal);
            state.State.Sessions.Remove(sessionKey);
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State.Sessions = previous;
                throw;
            }
        }
    }

    private Task EndSessions(string[] keys) =>
        Task.WhenAll(keys.Select(key => GrainFactory.GetGrain<IWebSessionGrain>(key).End()));

    private UserRecord? View() => state.State.Spec is { } spec
        ? new UserRecord(Id, spec.Name, spec.Role, spec.Provinces, state.State.Disabled, state.State.PasswordHash is not null,
            state.State.CreatedAt, state.State.UpdatedAt, state.State.PasswordChangedAt)
        : null;
}
