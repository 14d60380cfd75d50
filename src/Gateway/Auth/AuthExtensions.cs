using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SessionOps.Gateway.Push;

namespace SessionOps.Gateway.Auth;

public static class AuthExtensions
{
    public const string Issuer = "sessionops";
    public const string Audience = "sessionops";

    /// <summary>Picks the scheme a request's credentials belong to.</summary>
    private const string ByCredentials = "by-credentials";

    /// <summary>
    /// Four ways in, one principal shape: a session cookie (people in browsers, after a password, an identity provider
    /// or a display URL), an agent key (a connection point's agent), and bearer JWTs (API clients and scripts: our own
    /// HS256 tokens with <c>Auth:SigningKey</c>, or an identity provider's with <c>Auth:Authority</c>). Every endpoint
    /// needs a signed-in principal unless it says otherwise.
    /// </summary>
    public static IServiceCollection AddSessionOpsAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var authority = configuration["Auth:Authority"];
        var signingKey = SigningKeys.Resolve(configuration, environment);

        services.AddSingleton(new TokenIssuer(signingKey));
        services.AddSingleton<VerifiedAgentKeys>();
        services.AddSingleton<ValidatedTokens>();
        services.AddSingleton<AccessRevocations>();
        services.AddSingleton<HubSessions>();
        services.AddHostedService<HubSessionCheck>();
        services.AddSingleton<Passwords>();
        services.Configure<SignInOptions>(configuration.GetSection("Auth:SignIn"));

        var authentication = services
            .AddAuthentication(ByCredentials)
            .AddPolicyScheme(ByCredentials, "Cookie, agent key or bearer token", options => options.ForwardDefaultSelector = SchemeFor)
            .AddScheme<SessionCookieOptions, SessionCookieHandler>(SessionCookieOptions.Scheme, options =>
                configuration.GetSection("Auth:Session").Bind(options))
            .AddScheme<AgentKeyOptions, AgentKeyHandler>(AgentKeyOptions.Scheme, _ => { })
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    NameClaimType = SessionOpsClaims.Name,
                    RoleClaimType = SessionOpsClaims.Role,
                    ValidIssuer = Issuer,
                    ValidAudience = configuration["Auth:Audience"] ?? Audience,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                if (!string.IsNullOrWhiteSpace(authority))
                {
                    options.Authority = authority;
                    options.Audience = configuration["Auth:Audience"];
                    options.RequireHttpsMetadata = !environment.IsDevelopment() && authority.StartsWith("https:", StringComparison.Ordinal);
                    options.TokenValidationParameters.ValidIssuer = null;
                }
                else
                {
                    options.TokenValidationParameters.IssuerSigningKey = signingKey;
                }

                // API clients of the hub cannot set headers on a WebSocket: SignalR clients send the token in the query.
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        if (context.HttpContext.Request.Path.StartsWithSegments("/hubs") &&
                            context.Request.Query["access_token"] is { Count: > 0 } token)
                        {
                            context.Token = token;
                        }

                        var authorization = context.Request.Headers.Authorization.ToString();
                        var sent = context.Token ?? (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null);
                        if (sent is { Length: > 0 } &&
                            context.HttpContext.RequestServices.GetRequiredService<ValidatedTokens>().Find(sent) is { } known)
                        {
                            context.Principal = known;
                            context.Success();
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context =>
                    {
                        if (context.SecurityToken is JsonWebToken token && context.Principal is { } principal)
                        {
                            context.HttpContext.RequestServices.GetRequiredService<ValidatedTokens>().Remember(token, principal);
                        }

                        return Task.CompletedTask;
                    },
                };
            });
        authentication.AddSessionOpsOidc(configuration, environment);

        services.AddAuthorization(options =>
        {
            options.AddSessionOpsPolicies();
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        return services;
    }

    private static string SchemeFor(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AgentKey.LooksLikeOne(authorization[7..].Trim()) ? AgentKeyOptions.Scheme : JwtBearerDefaults.AuthenticationScheme;
        }

        return context.Request.Path.StartsWithSegments("/hubs") && context.Request.Query.ContainsKey("access_token")
            ? JwtBearerDefaults.AuthenticationScheme
            : SessionCookieOptions.Scheme;
    }

    /// <summary>Who acts, for histories and the audit: the account id where there is one, else the name.</summary>
    public static Actor ToActor(this ClaimsPrincipal user) =>
        new(user.FindFirstValue(SessionOpsClaims.Name) ?? user.Identity?.Name ?? "unknown",
            user.FindFirstValue(SessionOpsClaims.Role) ?? "unknown",
            user.AccountId());
}
