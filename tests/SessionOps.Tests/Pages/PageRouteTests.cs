using System.Net;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Pages;

/// <summary>What the Gateway serves for the pages, without a browser: the sign-in to anyone, the rest to a signed-in browser only.</summary>
public sealed class PageRouteTests : IDisposable
{
    private static readonly string[] Pages = ["/", "/board", "/board/ky-hop-20261123", "/operator", "/security"];

    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task Without_a_sign_in_every_page_leads_to_the_sign_in_which_is_served_in_every_environment(string environment)
    {
        await using var host = await GatewayHost.Start(_directory.File($"{environment}.db"), environment);
        using var stranger = new CookieClient(host.BaseAddress);

        foreach (var path in Pages)
        {
            var response = await stranger.Http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path}: {(int)response.StatusCode}");
            Assert.StartsWith("/signin?returnUrl=", response.Headers.Location?.OriginalString);
        }

        var signin = await stranger.Http.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, signin.StatusCode);
        var html = await signin.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"vi\">", html);
        Assert.Contains("name=\"username\"", html);
        Assert.Contains("name=\"password\"", html);
        // The quick form is built by the page's script only where the server says so: in Development.
        Assert.Equal(environment == "Development", html.Contains("content=\"dev\"", StringComparison.Ordinal));

        // The sign-in page's own files are public; every other file needs a sign-in.
        foreach (var asset in new[] { "/js/signin.js", "/js/i18n.js", "/js/strings.js", "/js/auth.js", "/css/pages.css" })
        {
            Assert.Equal(HttpStatusCode.OK, (await stranger.Http.GetAsync(asset)).StatusCode);
        }

        foreach (var asset in new[] { "/js/operator.js", "/lib/signalr/signalr.min.js" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.Http.GetAsync(asset)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.Http.GetAsync("/pages/signin.html")).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_browser_gets_the_pages_in_Vietnamese_with_who_is_signed_in_and_the_bundle()
    {
        await using var host = await GatewayHost.Start(_directory.File("dev.db"));
        using var browser = await host.Browser("operator", "Lê Văn Kỹ Thuật");

        foreach (var path in Pages[1..])
        {
            var response = await browser.Http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("<html lang=\"vi\">", html);
            Assert.Contains("name=\"sessionops-user\"", html);
            Assert.Contains("&quot;role&quot;:&quot;operator&quot;", html);
        }

        // The pages' HTML only through their routes: not as files.
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync("/pages/signin.html")).StatusCode);
        var bundle = await browser.Http.GetAsync("/lib/signalr/signalr.min.js");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Contains("signalR", await bundle.Content.ReadAsStringAsync());
    }

    public void Dispose() => _directory.Dispose();
}
