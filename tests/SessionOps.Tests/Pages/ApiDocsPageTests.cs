using Microsoft.Playwright;
using SessionOps.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionOps.Tests.Pages;

/// <summary>
/// <c>/api/docs</c>: an integrator who signed in reads the API in Scalar's reference, served by the Gateway alone under
/// the same strict Content-Security-Policy as the pages (its inline script allowed by a nonce, nothing from a CDN).
/// </summary>
[Collection(PagesCollection.Name)]
[Trait("Needs", "Chromium")]
public sealed class ApiDocsPageTests(ChromiumFixture chromium, DemoGatewayFixture gateway) : IClassFixture<DemoGatewayFixture>
{
    [Fact]
    public async Task A_signed_in_integrator_reads_every_route_in_the_reference_with_nothing_loaded_from_another_host_and_no_policy_violation()
    {
        await using var browser = await chromium.Open(gateway.Host, "admin", 1440, 1000);
        var page = browser.Page;
        var (otherHosts, violations) = browser.WatchOtherHostsAndPolicy(gateway.Host.BaseAddress);

        var response = await page.GotoAsync("/api/docs");
        Assert.Equal(200, response!.Status);
        var policy = await response.HeaderValueAsync("content-security-policy") ?? "";
        Assert.Matches("script-src 'self' 'nonce-[^']+'", policy);
        Assert.DoesNotContain("unsafe", policy.Split(';').Single(directive => directive.Trim().StartsWith("script-src")));
        Assert.Contains("default-src 'self'", policy);

        // The reference rendered from /openapi/v1.json: the heartbeat route and the document's title are on the page.
        await Expect(page).ToHaveTitleAsync("SessionOps API");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "SessionOps API" }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        foreach (var tag in new[] { "heartbeats", "connection-points", "sessions", "reports", "agent-keys" })
        {
            await Expect(page.Locator($"a[href='#tag/{tag}']")).ToBeAttachedAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Open Group - Heartbeats" }).ClickAsync();
        await Expect(page.Locator("a[href='#tag/heartbeats/POST/api/heartbeats']").First).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(otherHosts());
        Assert.Empty(violations());
        Assert.Empty(browser.ScriptErrors);
    }

    [Fact]
    public async Task A_browser_that_has_not_signed_in_is_sent_to_the_sign_in_and_the_document_stays_closed()
    {
        using var stranger = new CookieClient(gateway.Host.BaseAddress);
        var docs = await stranger.Http.GetAsync("/api/docs");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, docs.StatusCode);
        Assert.StartsWith("/signin?returnUrl=%2Fapi%2Fdocs", docs.Headers.Location!.OriginalString);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await stranger.Http.GetAsync("/openapi/v1.json")).StatusCode);
    }
}
