namespace SessionOps.Gateway.Auth;

/// <summary>The headers every response carries, and the cross-site request defence of cookie-authenticated requests.</summary>
public static class WebSurface
{
    /// <summary>
    /// No script but our own files, no framing, nothing sniffed, no referrer outside the origin. Styles from our own
    /// sheet only; the pages set no inline style attribute. Images from our origin, and from the map's tile server
    /// when one is configured (<c>Map:TileUrl</c>): without it no page asks anything of another host.
    /// </summary>
    public static string ContentSecurityPolicy(string? tileUrl) =>
        $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{TileOrigin(tileUrl)}; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static string TileOrigin(string? tileUrl)
    {
        var sample = tileUrl?.Replace("{s}", "a").Replace("{z}", "0").Replace("{x}", "0").Replace("{y}", "0");
        if (!Uri.TryCreate(sample, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            return "";
        }

        // A template with {s} spreads over subdomains (a.tile…, b.tile…): allow those of the parent domain.
        var host = tileUrl!.Contains("{s}", StringComparison.Ordinal) ? "*." + uri.Host[(uri.Host.IndexOf('.') + 1)..] : uri.Host;
        return $" https://{host}";
    }

    /// <summary>
    /// A page whose inline script carries a per-request nonce (the API reference, <c>/api/docs</c>) has it named in the
    /// policy of its own response; every other response keeps <c>script-src 'self'</c> and <c>style-src 'self'</c>.
    /// </summary>
    private static Task AllowNoncedScript(object state)
    {
        var context = (HttpContext)state;
        if (context.Items.TryGetValue(Scalar.AspNetCore.ScalarOptions.NonceHttpContextItemKey, out var value) && value is string { Length: > 0 } nonce)
        {
            var headers = context.Response.Headers;
            // Its components set styles at run time, which no nonce covers; styles cannot run code, scripts stay nonced.
            headers.ContentSecurityPolicy = headers.ContentSecurityPolicy.ToString()
                .Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'", StringComparison.Ordinal)
                .Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'", StringComparison.Ordinal);
        }

        return Task.CompletedTask;
    }

    /// <summary>The header a page's own requests carry and a cross-site form cannot send (the SignalR client sends it too).</summary>
    public const string RequestedWithHeader = "X-Requested-With";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, IConfiguration configuration)
    {
        var policy = ContentSecurityPolicy(configuration["Map:TileUrl"]);
        // The Orleans Dashboard's bundle sets styles at run time and carries its icon font inline; its scripts are its
        // own files like ours. Only under its route.
        var dashboardPolicy = policy.Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'", StringComparison.Ordinal)
            .Replace("font-src 'self'", "font-src 'self' data:", StringComparison.Ordinal);
        return app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(SessionOps.Hosting.OrleansDashboard.Route) ? dashboardPolicy : policy;
            context.Response.OnStarting(AllowNoncedScript, context);
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return next(context);
        });
    }

    /// <summary>
    /// A state-changing request that a browser made with the session cookie must carry <see cref="RequestedWithHeader"/>
    /// and, when it says where it comes from, come from this origin; the same holds for the hub's connections. Bearer
    /// requests carry no ambient credentials and need neither.
    /// </summary>
    public static IApplicationBuilder UseCsrfProtection(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var carriesBearer = request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ||
            (request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("access_token"));
        var unsafeMethod = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        var hub = request.Path.StartsWithSegments("/hubs");
        // Without the cookie a request has no ambient credentials to abuse, except a sign-in that would plant one.
        var ambient = request.Cookies.ContainsKey(SessionCookieOptions.CookieName) || request.Path.StartsWithSegments("/api/auth/signin") ||
            request.Path.StartsWithSegments("/api/dev/signin");
        if (!carriesBearer && ambient && (unsafeMethod || hub) &&
            (ForeignOrigin(request) || (unsafeMethod && !request.Headers.ContainsKey(RequestedWithHeader))))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.",
                detail: $"A request made with the session cookie must come from this site's pages (the {RequestedWithHeader} header).")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    private static bool ForeignOrigin(HttpRequest request) =>
        request.Headers.Origin.ToString() is { Length: > 0 } origin &&
        (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
}
