namespace SessionOps.Accounts;

[GenerateSerializer, Alias("SessionOps.WebSessionState")]
public sealed class WebSessionState
{
    [Id(0)] public SignedInPrincipal? Principal { get; set; }
    [Id(1)] public DateTimeOffset StartedAt { get; set; }
    [Id(2)] public DateTimeOffset IdleExpiresAt { get; set; }
    [Id(3)] public DateTimeOffset EndsAt { get; set; }
    [Id(4)] public TimeSpan IdleTimeout { get; set; }
    [Id(5)] public bool Ended { get; set; }
}

/// <summary>
/// One browser's sign-in. Every request touches it; it writes only when its idle expiry has moved by a tenth of the
/// idle timeout, so a busy console costs a read per request and a write now and then.
/// </summary>
public sealed class WebSessionGrain(
    [PersistentState("webSession", StorageNames.Main)] IPersistentState<WebSessionState> state,
    TimeProvider clock) : Grain, IWebSessionGrain
{
    public async Task Start(WebSessionStart start)
    {
        var now = clock.GetUtcNow();
        await state.Commit(new WebSessionState
        {
            Principal = start.Principal,
            StartedAt = now,
            IdleExpiresAt = now + start.IdleTimeout,
            EndsAt = now + start.MaxLifetime,
            IdleTimeout = start.IdleTimeout,
        });
    }

    public async Task<SignedInPrincipal?> Touch()
    {
        var now = clock.GetUtcNow();
        if (!Open(now))
        {
            DeactivateOnIdle();
            return null;
        }

        var slid = Min(now + state.State.IdleTimeout, state.State.EndsAt);
        if (slid - state.State.IdleExpiresAt > state.State.IdleTimeout / 10)
        {
            var previous = state.State.IdleExpiresAt;
            state.State.IdleExpiresAt = slid;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // The session stays good until its old expiry; the next request slides it again.
                state.State.IdleExpiresAt = previous;
            }
        }

        return state.State.Principal;
    }

    public Task<bool> IsOpen() => Task.FromResult(Open(clock.GetUtcNow()));

    public async Task End()
    {
        if (state.State.Principal is null || state.State.Ended)
        {
            DeactivateOnIdle();
            return;
        }

        state.State.Ended = true;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Ended = false;
            throw;
        }

        DeactivateOnIdle();
    }

    private bool Open(DateTimeOffset now) =>
        state.State is { Principal: not null, Ended: false } s && now < s.IdleExpiresAt && now < s.EndsAt;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
