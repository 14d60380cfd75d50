using Microsoft.AspNetCore.Identity;
using SessionOps.Accounts;

namespace SessionOps.Gateway.Auth;

/// <summary>
/// Passwords as ASP.NET Core Identity keeps them: PBKDF2 with a per-password salt and many iterations. The hash is
/// made and checked here, on the Gateway, so that the slow work never runs on a silo's scheduler.
/// </summary>
public sealed class Passwords
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 256;

    private readonly PasswordHasher<UserRecord> _hasher = new();

    /// <summary>Checked against when there is no such user, so that an unknown name costs what a wrong password costs.</summary>
    private readonly string _decoy;

    public Passwords() => _decoy = _hasher.HashPassword(null!, Guid.NewGuid().ToString());

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    public PasswordCheck Check(string? hash, string password)
    {
        var result = _hasher.VerifyHashedPassword(null!, hash ?? _decoy, password);
        return hash is null ? PasswordCheck.Wrong : result switch
        {
            PasswordVerificationResult.Success => PasswordCheck.Right,
            PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.RightButRehash,
            _ => PasswordCheck.Wrong,
        };
    }

    /// <summary>The password rule, as an error message; null when the password is acceptable.</summary>
    public static string? Problem(string? password) => password switch
    {
        null or "" => "password is required.",
        { Length: < MinimumLength } => $"A password has at least {MinimumLength} characters.",
        { Length: > MaximumLength } => $"A password has at most {MaximumLength} characters.",
        _ when string.IsNullOrWhiteSpace(password) => "A password cannot be only spaces.",
        _ => null,
    };
}

public enum PasswordCheck
{
    Wrong,
    Right,
    RightButRehash,
}

/// <summary><c>Auth:SignIn</c>: how failed sign-ins of one username are slowed, then refused.</summary>
public sealed class SignInOptions
{
    /// <summary>Failures within <see cref="Window"/> before each further try is made to wait.</summary>
    public int SlowAfter { get; set; } = 3;

    /// <summary>Failures within <see cref="Window"/> that lock the username for <see cref="LockFor"/>.</summary>
    public int LockAfter { get; set; } = 10;

    public TimeSpan LockFor { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    public SignInThrottleSettings ToSettings() => new(SlowAfter, LockAfter, LockFor, Window);
}
