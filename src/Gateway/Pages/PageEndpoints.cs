using System.Net;
using System.Security.Claims;
using System.Text.Json;
using SessionOps.Gateway.Auth;

namespace SessionOps.Gateway.Pages;

/// <summary>
/// The web pages: plain HTML, CSS and JavaScript modules under <c>wwwroot</c>. Each page's HTML is served only through
/// its route below, and only to a signed-in browser (the others are sent to <c>/signin</c>); the page learns who is
/// signed in from a meta tag the route writes, so that no token ever sits in the browser's storage. The sign-in page
/// and the few files it needs are the only things a stranger can load.
/// </summary>
public static class PageEndpoints
{
    private static readonly (string Route, string File)[] Routes =
    [
        ("/", "index.html"),
        ("/board", "board.html"),
        ("/board/{sessionId}", "wall.html"),
        ("/operator", "operator.html"),
        ("/security", "security.html"),
        ("/badges", "badges.html"),
        ("/calendar", "calendar.html"),
        ("/admin", "admin.html"),
        ("/reports", "reports.html"),
        ("/reports/{sessionId}", "report.html"),
    ];

    /// <summary>What the sign-in page loads before anyone has signed in.</summary>
    private static readonly HashSet<string> SignInAssets = new(StringComparer.Ordinal)
    {
        "/css/pages.css", "/js/signin.js", "/js/auth.js", "/js/i18n.js", "/js/strings.js",
    };

    public static WebApplication MapSessionOpsPages(this WebApplication app)
    {
        var assets = PageAssets.Map(app, SignInAssets);
        foreach (var (route, file) in Routes)
        {
            MapPage(app, assets, route, file, signedInOnly: true);
        }

        MapPage(app, assets, "/signin", "signin.html", signedInOnly: false);
        return app;
    }

    private static void MapPage(WebApplication app, PageAssets assets, string route, string file, bool signedInOnly)
    {
        var development = app.Environment.IsDevelopment();
        var oidc = !string.IsNullOrWhiteSpace(app.Configuration["Auth:Oidc:Authority"]);
        // Map tiles only where an operator of the deployment configured a server (and the CSP allows its host).
        var tiles = app.Configuration["Map:TileUrl"] is { Length: > 0 } tileUrl && tileUrl.StartsWith("https://", StringComparison.Ordinal)
            ? "\n  " + Meta("sessionops-map-tiles", tileUrl)
            : "";
        app.MapGet(route, async (HttpContext http) =>
        {
            if (signedInOnly && http.User.Identity?.IsAuthenticated != true)
            {
                return Results.Redirect($"/signin?returnUrl={Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)}");
            }

            var page = app.Environment.WebRootFileProvider.GetFileInfo($"pages/{file}");
            if (!page.Exists)
            {
                return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: $"The page {file} is missing from wwwroot/pages.");
            }

            using var reader = new StreamReader(page.CreateReadStream());
            var html = await reader.ReadToEndAsync(http.RequestAborted);
            var meta = signedInOnly
                ? Meta("sessionops-user", JsonSerializer.Serialize(UserOf(http.User), JsonSerializerOptions.Web)) + tiles
                : Meta("sessionops-signin", string.Join(' ', new[] { development ? "dev" : null, oidc ? "oidc" : null }.OfType<string>()));
            http.Response.Headers.CacheControl = "no-store";
            // The import map is the page's one inline script: the policy names it by its hash.
            http.Response.Headers.ContentSecurityPolicy = http.Response.Headers.ContentSecurityPolicy.ToString()
                .Replace("script-src 'self'", $"script-src 'self' '{assets.ImportMapHash}'", StringComparison.Ordinal);
            return Results.Content(assets.Rewrite(html.Replace("<head>", "<head>\n  " + meta, StringComparison.Ordinal)), "text/html; charset=utf-8");
        })
        .AllowAnonymous()
        .ExcludeFromDescription();
    }

    private static string Meta(string name, string content) => $"<meta name=\"{name}\" content=\"{WebUtility.HtmlEncode(content)}\">";

    private static object UserOf(ClaimsPrincipal user) => new
    {
        id = user.AccountId(),
        name = user.FindFirstValue(SessionOpsClaims.Name) ?? "",
        role = user.FindFirstValue(SessionOpsClaims.Role) ?? "",
        provinces = user.Provinces(),
        method = user.FindFirstValue(SessionOpsClaims.Method),
    };
}
