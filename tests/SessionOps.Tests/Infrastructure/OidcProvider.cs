using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SessionOps.Tests.Infrastructure;

/// <summary>
/// A real OpenID Connect provider (OpenIddict's server) on a real Kestrel at 127.0.0.1, for one client, that approves
/// the user it is told to without a screen: authorization code with PKCE, discovery, JWKS, ephemeral keys.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "sessionops";
    public const string ClientSecret = "sessionops-test-client-secret";

    private WebApplication _app = null!;

    public string Authority { get; private set; } = "";

    /// <summary>The callbacks the provider will send a browser back to (known once the Gateway has its port).</summary>
    public ConcurrentDictionary<string, bool> RedirectUris { get; } = new(StringComparer.Ordinal);

    /// <summary>The user the provider signs in next.</summary>
    public (string Subject, string Name, string Role) User { get; set; } = ("u-1", "Nguyễn Thị Định Danh", "operator");

    public static async Task<OidcProvider> Start()
    {
        var provider = new OidcProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Roles);
            server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            server.DisableAccessTokenEncryption();
            // No stores: the provider checks its one client itself below.
            server.EnableDegradedMode();
            server.UseAspNetCore().DisableTransportSecurityRequirement();
            server.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                {
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                }
                else if (context.RedirectUri is null || !provider.RedirectUris.ContainsKey(context.RedirectUri))
                {
                    context.Reject(Errors.InvalidRequest, "The redirect_uri is not registered.");
                }

                return default;
            }));
            server.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "Wrong client credentials.");
                }

                return default;
            }));
            server.AddEventHandler<HandleAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                var identity = new ClaimsIdentity("test-provider", Claims.Name, Claims.Role);
                identity.SetClaim(Claims.Subject, provider.User.Subject).SetClaim(Claims.Name, provider.User.Name).SetClaims(Claims.Role, [provider.User.Role]);
                identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
                var principal = new ClaimsPrincipal(identity);
                principal.SetScopes(context.Request.GetScopes());
                context.SignIn(principal);
                return default;
            }));
        });
        provider._app = builder.Build();
        provider._app.UseAuthentication();
        await provider._app.StartAsync();
        provider.Authority = provider._app.Urls.Single().TrimEnd('/') + "/";
        return provider;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
