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

        // As a browser asks for them (compressed): served in every environment, from a build as from a release.
        var signinHtml = await (await stranger.Http.GetAsync("/signin")).Content.ReadAsStringAsync();
        using (var compressed = new HttpRequestMessage(HttpMethod.Get, Fingerprinted(signinHtml, "js/signin", "js")))
        {
            compressed.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
            var script = await stranger.Http.SendAsync(compressed);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
            Assert.True(script.Content.Headers.ContentLength > 0);
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

    [Fact]
    public async Task A_page_names_its_files_by_fingerprint_with_an_import_map_its_policy_allows_and_those_files_come_compressed()
    {
        await using var host = await GatewayHost.Start(_directory.File("assets.db"));
        using var browser = await host.Browser("operator");

        var page = await browser.Http.GetAsync("/operator");
        var html = await page.Content.ReadAsStringAsync();
        var script = Fingerprinted(html, "js/operator", "js");
        Fingerprinted(html, "css/pages", "css");
        Fingerprinted(html, "lib/signalr/signalr.min", "js");
        var importMap = System.Text.RegularExpressions.Regex.Match(html, "<script type=\"importmap\">(.*?)</script>").Groups[1].Value;
        var imports = System.Text.Json.Nodes.JsonNode.Parse(importMap)!["imports"]!;
        Assert.Matches("^/js/i18n\\.[a-z0-9]+\\.js$", (string)imports["/js/i18n.js"]!);
        // The import map is the page's one inline script; the policy names exactly it, and it comes before the modules.
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(importMap)));
        Assert.Contains($"script-src 'self' 'sha256-{hash}'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(html.IndexOf("importmap", StringComparison.Ordinal) < html.IndexOf("type=\"module\"", StringComparison.Ordinal));

        using var compressed = new HttpRequestMessage(HttpMethod.Get, script);
        compressed.Headers.AcceptEncoding.ParseAdd("gzip");
        var file = await browser.Http.SendAsync(compressed);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Contains("gzip", file.Content.Headers.ContentEncoding);

        // Fingerprinted or not, a page's file needs a sign-in, and the sign-in page's own do not; HTML only by its route.
        using var stranger = new CookieClient(host.BaseAddress);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.Http.GetAsync(script)).StatusCode);
        var signin = await (await stranger.Http.GetAsync("/signin")).Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, (await stranger.Http.GetAsync(Fingerprinted(signin, "js/signin", "js"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync("/pages/operator.html")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync("/pages/operator.html.gz")).StatusCode);
    }

    [Fact]
    public async Task A_fingerprinted_file_is_declared_cached_for_a_year_and_a_plain_name_is_revalidated_by_its_ETag()
    {
        // A published Gateway answers from the endpoints manifest the build wrote; run from a build (as here) it serves
        // every file uncached, so that an edited file shows at once. The manifest says what a release answers.
        using var manifest = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(
            Path.Combine(AppContext.BaseDirectory, "SessionOps.Gateway.staticwebassets.endpoints.json")));
        var operatorScript = manifest.RootElement.GetProperty("Endpoints").EnumerateArray()
            .Where(e => System.Text.RegularExpressions.Regex.IsMatch(e.GetProperty("Route").GetString()!, @"^js/operator\.[a-z0-9]+\.js$"))
            .ToArray();
        Assert.NotEmpty(operatorScript);
        Assert.All(operatorScript, endpoint => Assert.Contains(endpoint.GetProperty("ResponseHeaders").EnumerateArray(),
            header => header.GetProperty("Name").GetString() == "Cache-Control" &&
                      header.GetProperty("Value").GetString() == "max-age=31536000, immutable"));

        // A wall screen's next load after a release gets the new file under its plain name.
        await using var host = await GatewayHost.Start(_directory.File("cache.db"));
        using var browser = await host.Browser("operator");
        var plain = await browser.Http.GetAsync("/js/operator.js");
        Assert.True(plain.Headers.CacheControl!.NoCache, plain.Headers.CacheControl.ToString());
        using var again = new HttpRequestMessage(HttpMethod.Get, "/js/operator.js");
        again.Headers.IfNoneMatch.Add(plain.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await browser.Http.SendAsync(again)).StatusCode);
    }

    /// <summary>The fingerprinted path a page names for one of its files (<c>/js/operator.k6m38pyuww.js</c>).</summary>
    private static string Fingerprinted(string html, string name, string extension)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html,
            $"(?:src|href)=\"(/{System.Text.RegularExpressions.Regex.Escape(name)}\\.[a-z0-9]+\\.{extension})\"");
        Assert.True(match.Success, $"{name}.{extension} by its fingerprint in {html}");
        return match.Groups[1].Value;
    }

    public void Dispose() => _directory.Dispose();
}
