using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SessionOps.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionOps.Tests.Pages;

/// <summary>
/// <c>/dashboard</c>: the Orleans Dashboard for the people who run the cluster, behind the admin role, under the pages'
/// strict Content-Security-Policy, with nothing loaded from another host.
/// </summary>
[Collection(PagesCollection.Name)]
[Trait("Needs", "Chromium")]
public sealed class OrleansDashboardPageTests(ChromiumFixture chromium, DemoGatewayFixture gateway) : IClassFixture<DemoGatewayFixture>
{
    [Fact]
    public async Task An_admin_sees_the_silo_and_the_grains_in_the_dashboard_with_no_policy_violation_and_nothing_from_another_host()
    {
        await using var browser = await chromium.Open(gateway.Host, "admin", 1440, 1000);
        var page = browser.Page;
        var (otherHosts, violations) = browser.WatchOtherHostsAndPolicy(gateway.Host.BaseAddress);

        var response = await page.GotoAsync("/dashboard/");
        Assert.Equal(200, response!.Status);
        var policy = await response.HeaderValueAsync("content-security-policy") ?? "";
        Assert.Contains("script-src 'self';", policy);
        await Expect(page).ToHaveTitleAsync("Orleans Dashboard");
        // The dashboard reads the cluster through its own API: the silo, the demo's activations, its grain types.
        await Expect(page.Locator("main")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Active Silos\s*1(?!\d)"), new() { Timeout = 30_000 });
        await Expect(page.Locator("main")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Total Activations\s*[1-9]"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Grains", Exact = true }).ClickAsync();
        await Expect(page.GetByText("ConnectionPointGrain").First).ToBeAttachedAsync(new() { Timeout = 30_000 });

        Assert.Empty(otherHosts());
        Assert.Empty(violations());
        // The dashboard's own bundle has a race of its own while a view loads (a TypeError on data not fetched yet, seen
        // about once in thirty runs, never with our pages); what must not happen here is script our policy refuses
        // (an EvalError) or any other error.
        Assert.DoesNotContain(browser.ScriptErrors, e => !e.Contains("TypeError: Cannot read properties of undefined", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_an_admin_may_open_the_dashboard_or_its_data()
    {
        foreach (var role in new[] { "operator", "security", "leadership" })
        {
            using var signedIn = await gateway.Host.Browser(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await signedIn.Http.GetAsync("/dashboard/")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await gateway.Host.Client(role).GetAsync("/dashboard/DashboardCounters")).StatusCode);
        }

        using var stranger = new CookieClient(gateway.Host.BaseAddress);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.Http.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Host.Client("admin").GetAsync("/dashboard/DashboardCounters")).StatusCode);
        // A grain's state by reflection is not offered, to admins either; nor is the process's log without Dashboard:Trace.
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Host.Client("admin").GetAsync(
            "/dashboard/GrainState?grainId=x&grainType=SessionOps.Accounts.UserGrain")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gateway.Host.Client("admin").GetAsync("/dashboard/Trace")).StatusCode);
    }

    [Fact]
    public async Task The_dashboards_per_method_profiler_is_not_on_the_grain_call_path_unless_asked_for()
    {
        var filters = gateway.Host.Services.GetServices<Orleans.IIncomingGrainCallFilter>();
        Assert.DoesNotContain(filters, f => f.GetType().Assembly == typeof(Orleans.Dashboard.DashboardOptions).Assembly);
        Assert.NotNull(gateway.Host.Services.GetService<Microsoft.Extensions.Options.IOptions<Orleans.Dashboard.DashboardOptions>>());
        // The rest of it runs (turned on for the demo's page tests; off in the embedded default, ApiRouteTests).
        Assert.Contains(gateway.Host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(),
            s => s.GetType().Assembly == typeof(Orleans.Dashboard.DashboardOptions).Assembly);
    }
}
