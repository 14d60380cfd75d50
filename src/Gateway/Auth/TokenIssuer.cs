using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SessionOps.Gateway.Auth;

/// <summary>Issues the API's own tokens with the configured signing key (development sign-in, tests, tools).</summary>
public sealed class TokenIssuer(SymmetricSecurityKey? signingKey)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public string Issue(string name, string role)
    {
        if (signingKey is null)
        {
            throw new InvalidOperationException("No Auth:SigningKey is configured; tokens come from the identity provider.");
        }

        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthExtensions.Issuer,
            Audience = AuthExtensions.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Subject = new ClaimsIdentity([new Claim("name", name), new Claim("role", role)]),
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.HmacSha256),
        });
    }
}
