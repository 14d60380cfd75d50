using Orleans.Concurrency;

namespace SessionOps.Accounts;

/// <summary>The roles of the people who use SessionOps.</summary>
public enum UserRole
{
    Admin,
    Operator,
    Security,
    Leadership,
}

/// <summary>A user as an admin sets them up. <see cref="Provinces"/> scopes an operator or leadership user to those provinces' points.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.UserSpec")]
public sealed record UserSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] UserRole Role,
    [property: Id(2)] string[] Provinces);

/// <summary>A user as the API shows them: never a password or its hash.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.UserRecord")]
public sealed record UserRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] UserRole Role,
    [property: Id(3)] string[] Provinces,
    [property: Id(4)] bool Disabled,
    [property: Id(5)] bool HasPassword,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt,
    [property: Id(8)] DateTimeOffset? PasswordChangedAt);

/// <summary>What a sign-in needs to know of a user: kept apart from <see cref="UserRecord"/> so that no route can return it by mistake.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.UserCredentials")]
public sealed record UserCredentials(
    [property: Id(0)] UserRecord User,
    [property: Id(1)] string? PasswordHash);

/// <summary>
/// One account, keyed by its id (the username). The Gateway hashes passwords (a salted slow hash) and verifies them;
/// the grain keeps the hash and the account's open sign-in sessions, so that disabling it ends them all.
/// </summary>
[Alias("SessionOps.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user or changes their name, role and provinces. A change of role or provinces ends their sessions.</summary>
    Task<UserChange> Define(UserSpec spec);

    Task<UserRecord?> Get();

    Task<UserCredentials?> Credentials();

    /// <summary>
    /// Sets the password's hash and ends every session of the user but <paramref name="keepSession"/> (the one that
    /// changed its own password): a password taken from someone stops working everywhere at once.
    /// </summary>
    Task<UserChange> SetPasswordHash(string passwordHash, string? keepSession = null);

    /// <summary>The same password under a stronger hash (found at a sign-in): nothing else changes.</summary>
    Task Rehash(string passwordHash);

    /// <summary>Disables the account and ends every sign-in session of it; answers the ended sessions' keys.</summary>
    Task<UserChange> Disable();

    Task<UserChange> Enable();

    /// <summary>Remembers a session opened for this user, so that a disable can end it.</summary>
    Task<bool> AddSession(string sessionKey, DateTimeOffset expiresAt);

    Task RemoveSession(string sessionKey);
}

/// <summary>The result of a change to a user, with the sessions it ended (every Gateway closes their connections).</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.UserChange")]
public sealed record UserChange(
    [property: Id(0)] CommandResult Result,
    [property: Id(1)] string[] EndedSessions);

public enum PrincipalKind
{
    User,
    Display,
}

/// <summary>Who a sign-in session belongs to: a user, or a wall screen's display sign-in (read-only leadership).</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.SignedInPrincipal")]
public sealed record SignedInPrincipal(
    [property: Id(0)] PrincipalKind Kind,
    [property: Id(1)] string SubjectId,
    [property: Id(2)] string Name,
    [property: Id(3)] UserRole Role,
    [property: Id(4)] string[] Provinces,
    [property: Id(5)] string Method);

[GenerateSerializer, Immutable, Alias("SessionOps.WebSessionStart")]
public sealed record WebSessionStart(
    [property: Id(0)] SignedInPrincipal Principal,
    [property: Id(1)] TimeSpan IdleTimeout,
    [property: Id(2)] TimeSpan MaxLifetime);

/// <summary>
/// A browser's sign-in session, keyed by the SHA-256 of the secret in its cookie (storage never holds the secret).
/// Used, it slides forward; ended, it never comes back.
/// </summary>
[Alias("SessionOps.IWebSessionGrain")]
public interface IWebSessionGrain : IGrainWithStringKey
{
    Task Start(WebSessionStart start);

    /// <summary>The session's principal while it is open, sliding its idle expiry forward; null once it has ended or expired.</summary>
    Task<SignedInPrincipal?> Touch();

    /// <summary>Whether it is still open, without sliding it (a hub's periodic check).</summary>
    [ReadOnly]
    Task<bool> IsOpen();

    Task End();
}

/// <summary>A wall screen's sign-in as the API lists it.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.DisplayRecord")]
public sealed record DisplayRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] string CreatedBy,
    [property: Id(4)] DateTimeOffset? LastSignInAt,
    [property: Id(5)] bool Revoked);

/// <summary>A display sign-in: a secret URL that signs a wall screen's browser in, until an admin revokes it.</summary>
[Alias("SessionOps.IDisplayGrain")]
public interface IDisplayGrain : IGrainWithStringKey
{
    Task<CommandResult> Create(string name, string secretHash, Actor by);

    Task<DisplayRecord?> Get();

    /// <summary>Checks the URL's secret; on success remembers the session it opens and answers the display.</summary>
    Task<DisplayRecord?> SignIn(string secretHash, string sessionKey);

    /// <summary>Revokes the display and ends its sessions; answers their keys, or null for an unknown display.</summary>
    Task<string[]?> Revoke();
}

/// <summary>An agent key as the API lists it: never the key.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.AgentKeyInfo")]
public sealed record AgentKeyInfo(
    [property: Id(0)] string KeyId,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset? LastUsedAt);

/// <summary>The agent keys of one connection point, keyed by the point's id; each is kept as a hash only.</summary>
[Alias("SessionOps.IAgentKeysGrain")]
public interface IAgentKeysGrain : IGrainWithStringKey
{
    Task Add(string keyId, string secretHash);

    Task<AgentKeyInfo[]> List();

    /// <summary>False when there is no such key.</summary>
    Task<bool> Revoke(string keyId);

    /// <summary>Whether the key is this point's and not revoked; records its use.</summary>
    Task<bool> Verify(string keyId, string secretHash);
}

/// <summary>The Gateway's verdict before checking a password: go on, go on after a pause, or refuse for a while.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.SignInAllowance")]
public sealed record SignInAllowance(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] TimeSpan Delay,
    [property: Id(2)] TimeSpan RetryAfter);

[GenerateSerializer, Immutable, Alias("SessionOps.SignInThrottleSettings")]
public sealed record SignInThrottleSettings(
    [property: Id(0)] int SlowAfter,
    [property: Id(1)] int LockAfter,
    [property: Id(2)] TimeSpan LockFor,
    [property: Id(3)] TimeSpan Window);

/// <summary>
/// Failed sign-ins of one username, whether or not such a user exists (so that the answers cannot tell them apart):
/// slowed after a few, refused for a while after more. Kept in memory: a silo restart forgives.
/// </summary>
[Alias("SessionOps.ISignInThrottleGrain")]
public interface ISignInThrottleGrain : IGrainWithStringKey
{
    Task<SignInAllowance> Check(SignInThrottleSettings settings);

    Task Failed(SignInThrottleSettings settings);

    Task Succeeded();
}

/// <summary>
/// What every Gateway must forget at once: ended sign-in sessions (their hub connections are closed) and revoked agent
/// keys (dropped from the Gateway's cache of verified keys).
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionOps.AccessRevocation")]
public sealed record AccessRevocation(
    [property: Id(0)] string[] SessionKeys,
    [property: Id(1)] string[] AgentKeyIds);

/// <summary>The Gateways' shared Data Protection key ring (it protects the identity provider's round trip).</summary>
[Alias("SessionOps.IDataProtectionKeysGrain")]
public interface IDataProtectionKeysGrain : IGrainWithStringKey
{
    Task<string[]> All();

    Task Add(string friendlyName, string xml);
}
