using System.Security.Claims;

namespace SessionOps.Gateway.Auth;

/// <summary>The claims SessionOps puts on a signed-in principal, whichever way it signed in.</summary>
public static class SessionOpsClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Province = "province";

    /// <summary>The sign-in session's key (the hash of its cookie's secret): what a sign-out or a disable ends.</summary>
    public const string SessionKey = "sid";

    /// <summary>An agent key's connection point: the one point it may send heartbeats for.</summary>
    public const string ConnectionPoint = "connection_point";

    public const string AgentKeyId = "agent_key";

    /// <summary>How the principal signed in: password, oidc, display, dev, agent-key or bearer.</summary>
    public const string Method = "amr";

    public static string? SessionKeyOf(this ClaimsPrincipal user) => user.FindFirstValue(SessionKey);

    public static string? AccountId(this ClaimsPrincipal user) => user.FindFirstValue(Subject);

    public static string[] Provinces(this ClaimsPrincipal user) => user.FindAll(Province).Select(c => c.Value).ToArray();
}

/// <summary>The values of <see cref="SessionOpsClaims.Method"/>.</summary>
public static class SignInMethods
{
    public const string Password = "password";
    public const string Oidc = "oidc";
    public const string Display = "display";
    public const string Development = "dev";
    public const string AgentKey = "agent-key";
}
