using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace SessionOps.Gateway.Auth;

public static class AuthExtensions
{
    public const string Issuer = "sessionops";
    public const string Audience = "sessionops";

    /// <summary>
    /// Used only in the Development environment and only when <c>Auth:SigningKey</c> is not set, so that
    /// every process on a developer's machine accepts the tokens of every other.
    /// </summary>
    private const string DevelopmentSigningKey = "sessionops-development-signing-key-never-use-in-production";

    /// <summary>
    /// JWT bearer on the API and the hub. Tokens are either our own (HS256 with <c>Auth:SigningKey</c>)
    /// or, with <c>Auth:Authority</c>, an OpenID Connect provider's; roles come from the <c>role</c> claim.
    /// </summary>
    public static IServiceCollection AddSessionOpsAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var authority = configuration["Auth:Authority"];
        var signingKey = SigningKey(configuration, environment);
        if (signingKey is null && string.IsNullOrWhiteSpace(authority))
        {
            throw new InvalidOperationException(
                "Set Auth:SigningKey (an HS256 key of at least 32 characters, the same on every Gateway) or Auth:Authority and Auth:Audience.");
        }

        services.AddSingleton(new TokenIssuer(signingKey));
        services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    NameClaimType = "name",
                    RoleClaimType = "role",
                    ValidIssuer = Issuer,
                    ValidAudience = configuration["Auth:Audience"] ?? Audience,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                if (!string.IsNullOrWhiteSpace(authority))
                {
                    options.Authority = authority;
                    options.Audience = configuration["Auth:Audience"];
                    options.TokenValidationParameters.ValidIssuer = null;
                }
                else
                {
                    options.TokenValidationParameters.IssuerSigningKey = signingKey;
                }

                // Browsers cannot set headers on a WebSocket: SignalR clients send the token in the query.
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        if (context.HttpContext.Request.Path.StartsWithSegments("/hubs") &&
                            context.Request.Query["access_token"] is { Count: > 0 } token)
                        {
                            context.Token = token;
                        }

                        return Task.CompletedTask;
                    },
                };
            });
        services.AddAuthorization(options => options.AddSessionOpsPolicies());
        return services;
    }

    public static Actor ToActor(this ClaimsPrincipal user) =>
        new(user.FindFirstValue("name") ?? user.Identity?.Name ?? "unknown", user.FindFirstValue("role") ?? "unknown");

    private static SymmetricSecurityKey? SigningKey(IConfiguration configuration, IHostEnvironment environment)
    {
        var key = configuration["Auth:SigningKey"];
        if (string.IsNullOrWhiteSpace(key) && environment.IsDevelopment())
        {
            key = DevelopmentSigningKey;
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            return null;
        }

        return key.Length < 32
            ? throw new InvalidOperationException("Auth:SigningKey must be at least 32 characters long.")
            : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key));
    }
}
