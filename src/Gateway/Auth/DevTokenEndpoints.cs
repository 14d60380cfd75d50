using SessionOps.Gateway.Api;

namespace SessionOps.Gateway.Auth;

public sealed record DevTokenBody(string? Name, string? Role);

public sealed record DevToken(string Token);

public static class DevTokenEndpoints
{
    /// <summary><c>POST /api/dev/token</c>: mapped in the Development environment only, so it is 404 anywhere else.</summary>
    public static void MapDevTokens(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/dev/token", (DevTokenBody body, TokenIssuer issuer) =>
        {
            var check = new Validator();
            var name = check.Text(body.Name, "name");
            if (body.Role is null || !Roles.Issuable.Contains(body.Role))
            {
                check.Add("role", $"role must be one of {string.Join(", ", Roles.Issuable)}.");
            }

            return check.HasErrors
                ? check.Problem()
                : Results.Ok(new DevToken(issuer.Issue(name, body.Role!)));
        }).AllowAnonymous().ExcludeFromDescription();
}
