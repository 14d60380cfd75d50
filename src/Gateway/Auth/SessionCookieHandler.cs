using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SessionOps.Accounts;

namespace SessionOps.Gateway.Auth;

public sealed class SessionCookieOptions : AuthenticationSchemeOptions
{
    public const string Scheme = "session";
    public const string CookieName = "sessionops";

    /// <summary>A session unused this long ends; every use slides it forward.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>However busy, a session ends this long after its sign-in.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A wall screen's display sign-in: unused this long, it ends (its board keeps it used).</summary>
    public TimeSpan DisplayIdleTimeout { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan DisplayMaxLifetime { get; set; } = TimeSpan.FromDays(400);
}

/// <summary>
/// A server-side session in a cookie: the cookie holds a random secret and nothing else; the session lives in a grain
/// keyed by the secret's hash, so that ending it there ends it on every Gateway at once.
/// </summary>
public sealed class SessionCookieHandler(
    IOptionsMonitor<SessionCookieOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains) : SignInAuthenticationHandler<SessionCookieOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(SessionCookieOptions.CookieName, out var secret) || string.IsNullOrEmpty(secret))
        {
            return AuthenticateResult.NoResult();
        }

        if (secret.Length != Secrets.Length)
        {
            return AuthenticateResult.Fail("The session cookie is malformed.");
        }

        var key = KeyOf(secret);
        var principal = await grains.GetGrain<IWebSessionGrain>(key).Touch();
        return principal is null
            ? AuthenticateResult.Fail("The session has ended.")
            : AuthenticateResult.Success(new AuthenticationTicket(ToClaims(principal, key), Scheme.Name));
    }

    /// <summary>
    /// Opens a session for a principal that carries SessionOps' claims (the password sign-in, the development form, an
    /// OpenID Connect provider's user) and sets its cookie.
    /// </summary>
    protected override async Task HandleSignInAsync(ClaimsPrincipal user, AuthenticationProperties? properties)
    {
        var principal = FromClaims(user);
        var (idle, max) = principal.Kind == PrincipalKind.Display
            ? (Options.DisplayIdleTimeout, Options.DisplayMaxLifetime)
            : (Options.IdleTimeout, Options.MaxLifetime);
        var secret = Secrets.New();
        var key = KeyOf(secret);
        await grains.GetGrain<IWebSessionGrain>(key).Start(new WebSessionStart(principal, idle, max));
        // An account's sessions are known to the account, so that disabling it ends them; displays keep their own.
        var registered = !IsAccount(principal.Method) ||
            await grains.GetGrain<IUserGrain>(principal.SubjectId).AddSession(key, DateTimeOffset.UtcNow + max);
        if (!registered)
        {
            // Disabled between the password check and now: no session for them.
            await grains.GetGrain<IWebSessionGrain>(key).End();
            throw new InvalidOperationException("The account was disabled during the sign-in.");
        }

        Context.Items[SessionKeyItem] = key;
        Response.Cookies.Append(SessionCookieOptions.CookieName, secret, CookieOptions(max));
    }

    protected override async Task HandleSignOutAsync(AuthenticationProperties? properties)
    {
        var result = await Context.AuthenticateAsync(Scheme.Name);
        if (result.Principal?.SessionKeyOf() is { } key)
        {
            await grains.GetGrain<IWebSessionGrain>(key).End();
            if (IsAccount(result.Principal.FindFirstValue(SessionOpsClaims.Method)) && result.Principal.AccountId() is { } id)
            {
                await grains.GetGrain<IUserGrain>(id).RemoveSession(key);
            }
        }

        Response.Cookies.Delete(SessionCookieOptions.CookieName, CookieOptions(TimeSpan.Zero));
    }

    /// <summary>The key of the session a sign-in in this request just opened.</summary>
    public const string SessionKeyItem = "sessionops.session-key";

    /// <summary>Signed in with a SessionOps account's password (not a display, the development form or an identity provider).</summary>
    private static bool IsAccount(string? method) => method == SignInMethods.Password;

    private CookieOptions CookieOptions(TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = Request.IsHttps,
        Path = "/",
        IsEssential = true,
        MaxAge = lifetime > TimeSpan.Zero ? lifetime : null,
    };

    /// <summary>The session's key: the hash of its cookie's secret (storage never holds the secret).</summary>
    public static string KeyOf(string secret) => Secrets.Hash(secret);

    public static ClaimsPrincipal ToClaims(SignedInPrincipal principal, string? sessionKey)
    {
        var claims = new List<Claim>
        {
            new(SessionOpsClaims.Subject, principal.SubjectId),
            new(SessionOpsClaims.Name, principal.Name),
            new(SessionOpsClaims.Role, principal.Role.Camel()),
            new(SessionOpsClaims.Method, principal.Method),
        };
        claims.AddRange(principal.Provinces.Select(p => new Claim(SessionOpsClaims.Province, p)));
        if (sessionKey is not null)
        {
            claims.Add(new Claim(SessionOpsClaims.SessionKey, sessionKey));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, SessionCookieOptions.Scheme, SessionOpsClaims.Name, SessionOpsClaims.Role));
    }

    private static SignedInPrincipal FromClaims(ClaimsPrincipal user)
    {
        var method = user.FindFirstValue(SessionOpsClaims.Method) ?? SignInMethods.Password;
        return new SignedInPrincipal(
            method == SignInMethods.Display ? PrincipalKind.Display : PrincipalKind.User,
            user.AccountId() ?? throw new InvalidOperationException("A sign-in needs the account's id."),
            user.FindFirstValue(SessionOpsClaims.Name) ?? "",
            Enum.Parse<UserRole>(user.FindFirstValue(SessionOpsClaims.Role) ?? "", ignoreCase: true),
            user.Provinces(),
            method);
    }
}
