namespace SessionOps.Accounts;

/// <summary>
/// Failed sign-ins of one username within a window: the first few go through, then each waits a little longer, then
/// the name is refused until the lock ends. In memory only: the grain goes when the name has been quiet a while.
/// </summary>
public sealed class SignInThrottleGrain(TimeProvider clock) : Grain, ISignInThrottleGrain
{
    private readonly List<DateTimeOffset> _failures = [];
    private DateTimeOffset? _lockedUntil;

    public Task<SignInAllowance> Check(SignInThrottleSettings settings)
    {
        var now = clock.GetUtcNow();
        Forget(now, settings);
        if (_lockedUntil is { } until && until > now)
        {
            return Task.FromResult(new SignInAllowance(false, TimeSpan.Zero, until - now));
        }

        var beyond = _failures.Count - settings.SlowAfter;
        var delay = beyond >= 0 ? TimeSpan.FromMilliseconds(Math.Min(500 * (1 << Math.Min(beyond, 4)), 5000)) : TimeSpan.Zero;
        return Task.FromResult(new SignInAllowance(true, delay, TimeSpan.Zero));
    }

    public Task Failed(SignInThrottleSettings settings)
    {
        var now = clock.GetUtcNow();
        Forget(now, settings);
        _failures.Add(now);
        if (_failures.Count >= settings.LockAfter)
        {
            _lockedUntil = now + settings.LockFor;
            _failures.Clear();
        }

        // Stay active while the failures matter; the default collection age would forget a lock too soon.
        DelayDeactivation(settings.LockFor + settings.Window);
        return Task.CompletedTask;
    }

    public Task Succeeded()
    {
        _failures.Clear();
        _lockedUntil = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private void Forget(DateTimeOffset now, SignInThrottleSettings settings)
    {
        _failures.RemoveAll(at => now - at > settings.Window);
        if (_lockedUntil is { } until && until <= now)
        {
            _lockedUntil = null;
        }
    }
}
