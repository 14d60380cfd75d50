using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SessionOps.Gateway.Auth;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Identity;

/// <summary>A bearer token validated once is taken again without its signature checked, and never past what validation allowed.</summary>
public sealed class ValidatedTokensTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly SymmetricSecurityKey Key = new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static JsonWebToken Token(DateTime expires, string name = "Người kiểm thử") => new(new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "sessionops",
        Audience = "sessionops",
        IssuedAt = expires.AddHours(-1),
        NotBefore = expires.AddHours(-1),
        Expires = expires,
        Subject = new ClaimsIdentity([new Claim("name", name), new Claim("role", "operator")]),
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
    }));

    private static ClaimsPrincipal Principal(string name) =>
        new(new ClaimsIdentity([new Claim("name", name), new Claim("role", "operator")], "Bearer", "name", "role"));

    [Fact]
    public void A_remembered_token_is_found_as_a_copy_until_it_expires_and_not_after()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        var tokens = new ValidatedTokens(clock);
        var token = Token(clock.GetUtcNow().UtcDateTime.AddMinutes(10));
        var principal = Principal("Người kiểm thử");
        tokens.Remember(token, principal);

        var found = tokens.Find(token.EncodedToken);
        Assert.NotNull(found);
        Assert.NotSame(principal, found);
        Assert.Equal("Người kiểm thử", found.Identity!.Name);
        Assert.NotSame(found, tokens.Find(token.EncodedToken));

        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(tokens.Find(token.EncodedToken));
        Assert.Null(tokens.Find(token.EncodedToken + "x"));
    }

    [Fact]
    public void The_store_keeps_no_more_than_its_capacity_and_makes_room_only_by_dropping_expired_tokens()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        var tokens = new ValidatedTokens(clock);
        var now = clock.GetUtcNow().UtcDateTime;
        var principal = Principal("p");
        var shortLived = Enumerable.Range(0, ValidatedTokens.Capacity / 2).Select(i => Token(now.AddMinutes(1), $"s{i}")).ToArray();
        var longLived = Enumerable.Range(0, ValidatedTokens.Capacity - shortLived.Length).Select(i => Token(now.AddHours(1), $"l{i}")).ToArray();
        foreach (var token in shortLived.Concat(longLived))
        {
            tokens.Remember(token, principal);
        }

        var oneMore = Token(now.AddHours(1), "one more");
        tokens.Remember(oneMore, principal);
        Assert.Null(tokens.Find(oneMore.EncodedToken));
        Assert.NotNull(tokens.Find(longLived[^1].EncodedToken));

        clock.Advance(TimeSpan.FromMinutes(2));
        tokens.Remember(oneMore, principal);
        Assert.NotNull(tokens.Find(oneMore.EncodedToken));
        Assert.NotNull(tokens.Find(longLived[0].EncodedToken));
    }

    [Fact]
    public async Task A_token_accepted_before_does_not_let_a_forged_one_of_the_same_claims_through()
    {
        var token = fixture.Host.Token("operator");
        var client = fixture.Host.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/connection-points")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/connection-points")).StatusCode);

        // The same header and claims, signed with another key: refused however often the genuine one was seen.
        var parts = token.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(new byte[32])}";
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        await (await client.GetAsync("/api/connection-points")).Problem(401);
        // Nor the genuine payload with a role changed.
        var admin = Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(parts[1]).Replace("\"operator\"", "\"admin\""));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{parts[0]}.{admin}.{parts[2]}");
        await (await client.GetAsync("/api/users")).Problem(401);
    }
}
