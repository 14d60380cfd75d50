using Scalar.AspNetCore;

namespace SessionOps.Gateway.Api;

/// <summary>
/// <c>/api/docs</c>: the OpenAPI document read in Scalar's reference, for integrators who are signed in. Everything it
/// loads comes from this Gateway (the package's own bundle, no CDN, no web fonts, no telemetry, no AI chat); its one
/// inline script runs under a nonce that the page's Content-Security-Policy names (<see cref="Auth.WebSurface"/>).
/// </summary>
public static class ApiDocs
{
    public const string Route = "/api/docs";

    public static void MapApiDocs(this WebApplication app)
    {
        app.MapScalarApiReference(Route, options =>
        {
            options.WithTitle("SessionOps API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .WithNonce()
                .DisableDefaultFonts()
                .DisableAgent()
                .DisableMcp();
            options.Telemetry = false;
        })
        .AllowAnonymous()
        .AddEndpointFilter(async (context, next) =>
        {
            // A browser that has not signed in is sent to sign in, as for every page, instead of a bare 401.
            var http = context.HttpContext;
            return http.User.Identity?.IsAuthenticated == true
                ? await next(context)
                : Results.Redirect($"/signin?returnUrl={Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)}");
        })
        .ExcludeFromDescription();
    }
}
