using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SessionOps.Accounts;

namespace SessionOps.Gateway.Auth;

/// <summary>
/// An agent key as the agent sends it: <c>sok.{pointId}.{keyId}.{secret}</c>. The point and key ids say which grain
/// verifies it; only the secret's hash is ever stored.
/// </summary>
public sealed record AgentKey(string PointId, string KeyId, string Secret)
{
    public const string Prefix = "sok.";

    public string SecretHash => Secrets.Hash(Secret);

    public override string ToString() => $"{Prefix}{PointId}.{KeyId}.{Secret}";

    public static AgentKey New(string pointId) =>
        new(pointId, Secrets.RandomHex(6), Secrets.New());

    public static bool LooksLikeOne(string? token) => token?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    public static AgentKey? Parse(string token)
    {
        var parts = token.Split('.');
        return parts is ["sok", var point, var key, var secret] && ResourceId.IsValid(point) && key.Length == 12 && secret.Length == Secrets.Length
            ? new AgentKey(point, key, secret)
            : null;
    }
}

/// <summary>
/// Keys this Gateway verified recently, so that a heartbeat costs no extra grain call. A revoked key is dropped from
/// every Gateway's cache before its revocation returns (<see cref="AccessRevocations"/>); the expiry is the backstop
/// for a Gateway that missed it.
/// </summary>
public sealed class VerifiedAgentKeys(TimeProvider clock)
{
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, (string KeyId, DateTimeOffset VerifiedAt)> _verified = new(StringComparer.Ordinal);

    public bool IsVerified(string token) =>
        _verified.TryGetValue(token, out var entry) && clock.GetUtcNow() - entry.VerifiedAt < Expiry;

    /// <summary>Keys revoked while this Gateway runs: a verification that raced with the revocation is not remembered.</summary>
    private readonly ConcurrentDictionary<string, bool> _revoked = new(StringComparer.Ordinal);

    public void Remember(string token, string keyId)
    {
        if (!_revoked.ContainsKey(keyId))
        {
            _verified[token] = (keyId, clock.GetUtcNow());
        }
    }

    public void Forget(IReadOnlyCollection<string> keyIds)
    {
        foreach (var keyId in keyIds)
        {
            _revoked[keyId] = true;
        }

        foreach (var (token, entry) in _verified)
        {
            if (keyIds.Contains(entry.KeyId))
            {
                _verified.TryRemove(token, out _);
            }
        }
    }
}

public sealed class AgentKeyOptions : AuthenticationSchemeOptions
{
    public const string Scheme = "agent-key";
}

/// <summary><c>Authorization: Bearer sok.…</c>: a connection point's agent, allowed to send that point's heartbeats and nothing else.</summary>
public sealed class AgentKeyHandler(
    IOptionsMonitor<AgentKeyOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains,
    VerifiedAgentKeys verified) : AuthenticationHandler<AgentKeyOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        if (AgentKey.Parse(token) is not { } key)
        {
            return AuthenticateResult.Fail("The agent key is malformed.");
        }

        if (!verified.IsVerified(token))
        {
            if (!await grains.GetGrain<IAgentKeysGrain>(key.PointId).Verify(key.KeyId, key.SecretHash))
            {
                return AuthenticateResult.Fail("The agent key is unknown or revoked.");
            }

            verified.Remember(token, key.KeyId);
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(SessionOpsClaims.Subject, $"agent-key:{key.KeyId}"),
            new Claim(SessionOpsClaims.Name, $"agent {key.PointId}"),
            new Claim(SessionOpsClaims.Role, Roles.Agent),
            new Claim(SessionOpsClaims.ConnectionPoint, key.PointId),
            new Claim(SessionOpsClaims.AgentKeyId, key.KeyId),
            new Claim(SessionOpsClaims.Method, SignInMethods.AgentKey),
        ], AgentKeyOptions.Scheme, SessionOpsClaims.Name, SessionOpsClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
