using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SessionOps.Accounts;
using SessionOps.Catalogs;
using SessionOps.Gateway.Api;

namespace SessionOps.Gateway.Auth;

public sealed record SignInBody(string? Username, string? Password);

public sealed record SignedIn(string Id, string Name, string Role);

public sealed record Me(string Id, string Name, string Role, string[] Provinces, string Method);

public sealed record DevSignInBody(string? Name, string? Role);

/// <summary>
/// <c>/api/auth</c>: sign in with a password (a session cookie), sign out (the session ends on the server), who am I;
/// and <c>/display</c>, where a wall screen's secret URL signs its browser in.
/// </summary>
public static class SignInEndpoints
{
    private const string WrongPair = "The username or the password is wrong.";

    public static void MapSignIn(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").AddEndpointFilter<ClusterRetry>();

        auth.MapPost("/signin", async (SignInBody body, HttpContext http, IGrainFactory grains, KnownIds known, Passwords passwords,
            IOptions<SignInOptions> options, AuditTrail audit) =>
        {
            var check = new Validator();
            if (string.IsNullOrWhiteSpace(body.Username) || body.Username.Length > 64)
            {
                check.Add("username", "username is required (at most 64 characters).");
            }

            if (string.IsNullOrEmpty(body.Password) || body.Password.Length > Passwords.MaximumLength)
            {
                check.Add("password", "password is required.");
            }

            if (check.HasErrors)
            {
                return check.Problem();
            }

            var username = body.Username!.Trim().ToLowerInvariant();
            var settings = options.Value.ToSettings();
            // Keyed by a hash: whatever is typed never becomes a grain key of its own making.
            var throttle = grains.GetGrain<ISignInThrottleGrain>(Secrets.Hash(username));
            var allowance = await throttle.Check(settings);
            if (!allowance.Allowed)
            {
                await audit.Record(http.User, "sign-in-refused", "user", Printable(username), "too many failed sign-ins");
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(allowance.RetryAfter.TotalSeconds)).ToString();
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins.",
                    detail: $"Sign-ins for this username are refused for {Math.Ceiling(allowance.RetryAfter.TotalMinutes)} minutes.");
            }

            if (allowance.Delay > TimeSpan.Zero)
            {
                await Task.Delay(allowance.Delay, http.RequestAborted);
            }

            var credentials = ResourceId.IsValid(username) && await known.Exists(Catalog.Users, username)
                ? await grains.GetGrain<IUserGrain>(username).Credentials()
                : null;
            var result = passwords.Check(credentials?.PasswordHash, body.Password!);
            if (result == PasswordCheck.Wrong || credentials is null || credentials.User.Disabled)
            {
                await throttle.Failed(settings);
                await audit.Record(http.User, "sign-in-failed", "user", Printable(username));
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in.", detail: WrongPair);
            }

            if (result == PasswordCheck.RightButRehash)
            {
                await grains.GetGrain<IUserGrain>(username).Rehash(passwords.Hash(body.Password!));
            }

            var user = credentials.User;
            var principal = new SignedInPrincipal(PrincipalKind.User, user.Id, user.Name, user.Role, user.Provinces, SignInMethods.Password);
            await http.SignInAsync(SessionCookieOptions.Scheme, SessionCookieHandler.ToClaims(principal, null));
            await throttle.Succeeded();
            await audit.Record(SessionCookieHandler.ToClaims(principal, null), "signed-in", "user", user.Id);
            return Results.Ok(new SignedIn(user.Id, user.Name, user.Role.Camel()));
        }).AllowAnonymous().Produces<SignedIn>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);

        auth.MapPost("/signout", async (HttpContext http, AccessRevocations revocations, AuditTrail audit) =>
        {
            var key = http.User.SessionKeyOf();
            await http.SignOutAsync(SessionCookieOptions.Scheme);
            if (key is not null)
            {
                await audit.Record(http.User, "signed-out", "session", http.User.AccountId() ?? "");
                await revocations.Revoke(new AccessRevocation([key], []));
            }

            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent);

        auth.MapGet("/me", (ClaimsPrincipal user) => Results.Ok(new Me(
            user.AccountId() ?? "",
            user.FindFirstValue(SessionOpsClaims.Name) ?? "",
            user.FindFirstValue(SessionOpsClaims.Role) ?? "",
            user.Provinces(),
            user.FindFirstValue(SessionOpsClaims.Method) ?? "bearer"))).Produces<Me>().ProducesProblem(StatusCodes.Status401Unauthorized);

        app.MapGet("/display", async (string? key, HttpContext http, IGrainFactory grains, KnownIds known, AuditTrail audit) =>
        {
            if (DisplaySecret.Parse(key) is not { } secret || !await known.Exists(Catalog.Displays, secret.DisplayId))
            {
                return Results.Redirect("/signin?display=invalid");
            }

            // The session is opened first and handed to the display, which refuses it if the secret is wrong or revoked.
            var principal = new SignedInPrincipal(PrincipalKind.Display, secret.DisplayId, "", UserRole.Leadership, [], SignInMethods.Display);
            var display = await grains.GetGrain<IDisplayGrain>(secret.DisplayId).Get();
            if (display is not { Revoked: false })
            {
                return Results.Redirect("/signin?display=invalid");
            }

            await http.SignInAsync(SessionCookieOptions.Scheme, SessionCookieHandler.ToClaims(principal with { Name = display.Name }, null));
            var sessionKey = (string)http.Items[SessionCookieHandler.SessionKeyItem]!;
            if (await grains.GetGrain<IDisplayGrain>(secret.DisplayId).SignIn(secret.SecretHash, sessionKey) is null)
            {
                await grains.GetGrain<IWebSessionGrain>(sessionKey).End();
                http.Response.Cookies.Delete(SessionCookieOptions.CookieName);
                return Results.Redirect("/signin?display=invalid");
            }

            await audit.Record(SessionCookieHandler.ToClaims(principal with { Name = display.Name }, sessionKey), "display-signed-in", "display", display.Id);
            return Results.Redirect("/board");
        }).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>Development only: the quick form's sign-in by name and role, with no account and no password.</summary>
    public static void MapDevSignIn(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/dev/signin", async (DevSignInBody body, HttpContext http) =>
        {
            var check = new Validator();
            var name = check.Text(body.Name, "name");
            if (body.Role is null || !Enum.TryParse<UserRole>(body.Role, ignoreCase: true, out var role) || !Roles.All.Contains(body.Role))
            {
                check.Add("role", $"role must be one of {string.Join(", ", Roles.All)}.");
                return check.Problem();
            }

            if (check.HasErrors)
            {
                return check.Problem();
            }

            var principal = new SignedInPrincipal(PrincipalKind.User, $"dev-{role.Camel()}", name, role, [], SignInMethods.Development);
            await http.SignInAsync(SessionCookieOptions.Scheme, SessionCookieHandler.ToClaims(principal, null));
            return Results.Ok(new SignedIn(principal.SubjectId, name, role.Camel()));
        }).AllowAnonymous().ExcludeFromDescription();

    /// <summary>What the audit may keep of a typed username: printable, short.</summary>
    private static string Printable(string username) =>
        new(username.Where(c => !char.IsControl(c)).Take(64).ToArray());
}

/// <summary>A display URL's secret: <c>sod.{displayId}.{secret}</c>.</summary>
public sealed record DisplaySecret(string DisplayId, string Secret)
{
    public string SecretHash => Secrets.Hash(Secret);

    public override string ToString() => $"sod.{DisplayId}.{Secret}";

    public static DisplaySecret New(string displayId) => new(displayId, Secrets.New());

    public static DisplaySecret? Parse(string? value) =>
        value?.Split('.') is ["sod", var id, var secret] && ResourceId.IsValid(id) && secret.Length == Secrets.Length ? new DisplaySecret(id, secret) : null;
}
