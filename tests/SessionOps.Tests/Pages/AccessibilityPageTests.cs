using System.Text.Json;
using SessionOps.Gateway.DemoData;
using SessionOps.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionOps.Tests.Pages;

/// <summary>
/// Every page, for the role it serves, checked by axe-core (the npm package the pages' build installs) in a real
/// Chromium: no serious or critical finding. The wall is read from across a room: no text on it under 20 px.
/// </summary>
[Collection(PagesCollection.Name)]
[Trait("Needs", "Chromium")]
public sealed class AccessibilityPageTests(ChromiumFixture chromium, DemoGatewayFixture gateway) : IClassFixture<DemoGatewayFixture>
{
    private static readonly Lazy<string> AxeSource = new(() =>
        File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Gateway", "ClientApp", "node_modules", "axe-core", "axe.min.js")));

    private GatewayHost Host => gateway.Host;

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SessionOps.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (SessionOps.sln) was not found.");
    }

    public static TheoryData<string?, string> Pages() => new()
    {
        { null, "/signin" },
        { "leadership", "/board" },
        { "leadership", "/board/{plenary}" },
        { "operator", "/operator" },
        { "operator", "/operator?view=checklist" },
        { "operator", "/operator?view=attendance" },
        { "security", "/security" },
        { "security", "/security?view=arrivals" },
        { "security", "/security?view=venues" },
        { "security", "/security?view=incidents" },
        { "admin", "/badges" },
        { "admin", "/admin#sittings" },
        { "admin", "/admin#points" },
        { "admin", "/admin#users" },
        { "admin", "/admin#imports" },
        { "leadership", "/calendar" },
        { "leadership", "/reports/{plenary}" },
        { "leadership", "/reports" },
        { "leadership", "/admin" },
        { "leadership", "/operator" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Axe_finds_nothing_serious_on_the_page(string? role, string path)
    {
        await using var session = await chromium.Open(Host, role, 1440, 900);
        await session.Page.GotoAsync(path.Replace("{plenary}", DemoGatewayFixture.Plenary));
        await Expect(session.Page.Locator("body[data-loaded='true'], #forbidden, #signin-form")).Not.ToHaveCountAsync(0);

        await session.Page.EvaluateAsync(AxeSource.Value);
        var findings = await session.Page.EvaluateAsync<JsonElement>("""
            async () => {
              // Besides the default rules, that every control's accessible name contains its visible text.
              const result = await axe.run(document, { resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } });
              return result.violations
                .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' — ' + n.failureSummary).join(' | ')}`);
            }
            """);

        var serious = findings.EnumerateArray().Select(f => f.GetString()).ToArray();
        Assert.True(serious.Length == 0, string.Join(Environment.NewLine, serious));
        Assert.Empty(session.ScriptErrors);
    }

    [Fact]
    public async Task No_text_on_the_wall_is_smaller_than_20_px_on_a_1920_by_1080_screen()
    {
        await using var wall = await chromium.Open(Host, "leadership", 1920, 1080);
        await wall.Go($"/board/{DemoGatewayFixture.Plenary}");
        await Expect(wall.Page.Locator("body[data-loaded='true']")).ToHaveCountAsync(1);

        var small = await wall.Page.EvaluateAsync<JsonElement>("""
            () => [...document.querySelectorAll('body *')]
              .filter((e) => [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim()))
              .filter((e) => e.getClientRects().length > 0 && !e.closest('[aria-hidden="true"]'))
              .map((e) => ({ text: e.textContent.trim().slice(0, 40), size: parseFloat(getComputedStyle(e).fontSize) }))
              .filter((e) => e.size < 20)
              .map((e) => `${e.size}px: ${e.text}`)
            """);

        var offenders = small.EnumerateArray().Select(s => s.GetString()).ToArray();
        Assert.True(offenders.Length == 0, string.Join(Environment.NewLine, offenders));
    }

    [Fact]
    public async Task An_admin_prints_a_badge_with_a_qr_code_for_every_delegate_of_a_sitting_and_no_one_else_may()
    {
        var committee = DemoDataSet.SessionsOn(ParliamentTime.Today(TimeProvider.System))[1];
        await using var admin = await chromium.Open(Host, "admin", 1440, 900);
        await admin.Go($"/badges?session={committee.Id}");

        var badges = admin.Page.Locator(".badge-card");
        await Expect(badges).ToHaveCountAsync(committee.Spec.DelegateIds.Length);
        var first = admin.Page.Locator($".badge-card[data-delegate='{committee.Spec.DelegateIds[0]}']");
        await Expect(first.Locator(".badge-qr svg")).ToHaveCountAsync(1);
        await Expect(first.Locator(".badge-code")).ToHaveTextAsync(committee.Spec.DelegateIds[0]);
        await Expect(first.Locator(".badge-name")).ToHaveTextAsync(DemoDataSet.Delegates().Single(d => d.Id == committee.Spec.DelegateIds[0]).Spec.Name);
        Assert.Empty(admin.ScriptErrors);

        await using var security = await chromium.Open(Host, "security", 1440, 900);
        await security.Page.GotoAsync($"/badges?session={committee.Id}");
        await Expect(security.Page.Locator("#forbidden")).ToBeVisibleAsync();
        await Expect(security.Page.Locator(".badge-card")).ToHaveCountAsync(0);
    }
}
