using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using System.Xml.Linq;
using SessionOps.Accounts;

namespace SessionOps.Gateway.Auth;

/// <summary>
/// Signing in with the organisation's identity provider (<c>Auth:Oidc:*</c>): authorization code with PKCE; the role
/// comes from a claim (<c>Auth:Oidc:RoleClaim</c>, default <c>role</c>). The provider's user gets a SessionOps session
/// cookie like any other, so pages, hub and sign-out work the same.
/// </summary>
public static class Oidc
{
    public const string Scheme = "oidc";

    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["Auth:Oidc:Authority"]);

    public static AuthenticationBuilder AddSessionOpsOidc(this AuthenticationBuilder authentication, IConfiguration configuration, IHostEnvironment environment)
    {
        // The OpenID Connect handler protects its state with Data Protection: every Gateway must share the keys, so that
        // the provider may send the browser back to any of them. The keys live in a grain, in both modes.
        authentication.Services.AddDataProtection().SetApplicationName("sessionops");
        authentication.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            new ConfigureOptions<KeyManagementOptions>(options => options.XmlRepository = new GrainXmlRepository(services.GetRequiredService<IGrainFactory>())));
        if (!IsConfigured(configuration))
        {
            return authentication;
        }

        var section = configuration.GetSection("Auth:Oidc");
        var roleClaim = section["RoleClaim"] ?? "role";
        authentication.AddOpenIdConnect(Scheme, "Identity provider", options =>
        {
            options.Authority = section["Authority"];
            options.ClientId = section["ClientId"];
            options.ClientSecret = section["ClientSecret"];
            options.RequireHttpsMetadata = options.Authority!.StartsWith("https:", StringComparison.Ordinal);
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.ResponseMode = OpenIdConnectResponseMode.Query;
            options.UsePkce = true;
            options.Scope.Clear();
            foreach (var scope in (section["Scopes"] ?? "openid profile roles").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                options.Scope.Add(scope);
            }

            options.MapInboundClaims = false;
            options.GetClaimsFromUserInfoEndpoint = section.GetValue("UserInfo", false);
            options.SignInScheme = SessionCookieOptions.Scheme;
            options.CallbackPath = "/signin-oidc";
            // Lax, not Strict: the provider sends the browser back from its own site.
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Events = new OpenIdConnectEvents
            {
                OnTokenValidated = context =>
                {
                    var external = context.Principal!;
                    var role = external.FindAll(roleClaim).Select(c => c.Value)
                        .FirstOrDefault(value => Enum.TryParse<UserRole>(value, ignoreCase: true, out _) && Roles.All.Contains(value.ToLowerInvariant()));
                    var subject = external.FindFirstValue("sub");
                    if (role is null || subject is null)
                    {
                        context.Fail($"The identity provider gave no SessionOps role in the '{roleClaim}' claim.");
                        return Task.CompletedTask;
                    }

                    var principal = new SignedInPrincipal(PrincipalKind.User, $"oidc:{subject}",
                        external.FindFirstValue("name") ?? external.FindFirstValue("preferred_username") ?? subject,
                        Enum.Parse<UserRole>(role, ignoreCase: true), [.. external.FindAll("province").Select(c => c.Value)], SignInMethods.Oidc);
                    context.Principal = SessionCookieHandler.ToClaims(principal, null);
                    return Task.CompletedTask;
                },
                OnRemoteFailure = context =>
                {
                    context.HandleResponse();
                    context.Response.Redirect("/signin?oidc=failed");
                    return Task.CompletedTask;
                },
            };
        });
        return authentication;
    }

    /// <summary><c>GET /signin/oidc?returnUrl=</c>: sends the browser to the identity provider.</summary>
    public static void MapOidcSignIn(this IEndpointRouteBuilder app) =>
        app.MapGet("/signin/oidc", (string? returnUrl) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = LocalOnly(returnUrl) }, [Scheme])).AllowAnonymous().ExcludeFromDescription();

    /// <summary>Only a path of this site: a sign-in never sends anyone elsewhere.</summary>
    public static string LocalOnly(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}

/// <summary>Data Protection's key ring, kept in a grain so that every Gateway of a cluster reads the same keys.</summary>
public sealed class GrainXmlRepository(IGrainFactory grains) : IXmlRepository
{
    private IDataProtectionKeysGrain Keys => grains.GetGrain<IDataProtectionKeysGrain>("sessionops");

    public IReadOnlyCollection<XElement> GetAllElements() =>
        Keys.All().GetAwaiter().GetResult().Select(XElement.Parse).ToArray();

    public void StoreElement(XElement element, string friendlyName) =>
        Keys.Add(friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
}
