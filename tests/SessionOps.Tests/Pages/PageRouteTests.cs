using System.Net;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Pages;

/// <summary>What the Gateway serves for the pages, without a browser: the routes, and /signin in Development only.</summary>
public sealed class PageRouteTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData("Development", HttpStatusCode.OK)]
    [InlineData("Production", HttpStatusCode.NotFound)]
    public async Task The_pages_are_served_in_Vietnamese_and_the_sign_in_only_in_Development(string environment, HttpStatusCode signin)
    {
        await using var host = await GatewayHost.Start(_directory.File($"{environment}.db"), environment);
        var browser = host.Client();

        foreach (var path in new[] { "/", "/board", "/board/ky-hop-20261123", "/operator", "/security" })
        {
            var response = await browser.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<html lang=\"vi\">", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(signin, (await browser.GetAsync("/signin")).StatusCode);
        // The pages' HTML only through their routes: not as files.
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/pages/signin.html")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/js/i18n.js")).StatusCode);
        var bundle = await browser.GetAsync("/lib/signalr/signalr.min.js");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Contains("signalR", await bundle.Content.ReadAsStringAsync());
    }

    public void Dispose() => _directory.Dispose();
}
