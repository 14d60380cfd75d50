using Microsoft.AspNetCore.StaticFiles;

namespace SessionOps.Gateway.Pages;

/// <summary>
/// The web pages: plain HTML, CSS and JavaScript modules under <c>wwwroot</c>. Each page's HTML is served only through
/// its route below (so that <c>/signin</c> exists in Development alone); the static file middleware serves the assets.
/// The pages sign in with the same bearer token as the API: the HTML is public, the data behind it is not.
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
    ];

    public static WebApplication MapSessionOpsPages(this WebApplication app)
    {
        var types = new FileExtensionContentTypeProvider();
        // The pages' HTML goes through the routes only: /pages/signin.html must not exist outside Development.
        types.Mappings.Remove(".html");
        types.Mappings.Remove(".htm");
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = types,
            // Revalidate on every load: a wall screen that runs for days picks up a new release at its next reload.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });

        foreach (var (route, file) in Routes)
        {
            MapPage(app, route, file);
        }

        if (app.Environment.IsDevelopment())
        {
            MapPage(app, "/signin", "signin.html");
        }

        return app;
    }

    private static void MapPage(WebApplication app, string route, string file)
    {
        app.MapGet(route, (HttpContext http) =>
        {
            var page = app.Environment.WebRootFileProvider.GetFileInfo($"pages/{file}");
            if (!page.Exists)
            {
                return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: $"The page {file} is missing from wwwroot/pages.");
            }

            http.Response.Headers.CacheControl = "no-cache";
            return Results.Stream(page.CreateReadStream(), "text/html; charset=utf-8", lastModified: page.LastModified);
        })
        .AllowAnonymous()
        .ExcludeFromDescription();
    }
}
