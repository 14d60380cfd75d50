using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SessionOps.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionOps.Tests.Pages;

/// <summary>The pages in a real Chromium against a real Gateway with the demo parliament.</summary>
[Collection(PagesCollection.Name)]
[Trait("Needs", "Chromium")]
public sealed class PageTests(ChromiumFixture chromium, DemoGatewayFixture gateway) : IClassFixture<DemoGatewayFixture>
{
    private GatewayHost Host => gateway.Host;

    [Fact]
    public async Task The_board_shows_the_days_sittings_and_a_point_that_goes_offline_turns_its_tile_offline_without_a_reload()
    {
        // Preparing: from now on a point that goes bad opens an incident.
        await Host.Client("operator").PostJson($"/api/sessions/{DemoGatewayFixture.Plenary}/phase", new { phase = "preparing" });
        await using var board = await chromium.Open(Host, "leadership");
        await board.Go("/board");
        foreach (var session in DemoGatewayFixture.TodaysSessions)
        {
            await Expect(board.Page.Locator($".card[data-session='{session}']")).ToBeVisibleAsync();
        }

        var plenaryCard = board.Page.Locator($".card[data-session='{DemoGatewayFixture.Plenary}']");
        await Expect(plenaryCard.Locator("[data-count='unknown'] strong")).ToHaveTextAsync("37");

        await using var wall = await chromium.Open(Host, "leadership", 1920, 1080);
        await wall.Go($"/board/{DemoGatewayFixture.Plenary}");
        await Expect(wall.Page.Locator(".tile")).ToHaveCountAsync(37);
        var tile = wall.Page.Locator(".tile[data-point='doan-hue']");
        await Expect(tile).ToHaveAttributeAsync("data-health", "unknown");

        var agent = Host.Client("operator");
        await Heartbeats.Send(agent, "doan-hue", Heartbeats.Good(1));
        await Expect(tile).ToHaveAttributeAsync("data-health", "online");
        await Expect(wall.Page.Locator("[data-total='online'] strong")).ToHaveTextAsync("1");

        // Three heartbeats with neither sound nor picture: the point is offline, pushed to both screens without a reload.
        await Heartbeats.Send(agent, "doan-hue", Heartbeats.Dead(2), Heartbeats.Dead(3), Heartbeats.Dead(4));

        await Expect(tile).ToHaveAttributeAsync("data-health", "offline");
        await Expect(tile.Locator(".health")).ToHaveTextAsync("Mất kết nối");
        await Expect(wall.Page.Locator("[data-total='offline'] strong")).ToHaveTextAsync("1");
        await Expect(wall.Page.Locator("[data-total='online'] strong")).ToHaveTextAsync("0");
        await Expect(wall.Page.Locator("[data-total='unknown'] strong")).ToHaveTextAsync("36");
        await Expect(plenaryCard.Locator("[data-count='offline'] strong")).ToHaveTextAsync("1");
        await Expect(plenaryCard.Locator("[data-count='online'] strong")).ToHaveTextAsync("0");
        await Expect(wall.Page.Locator("#wall-incidents li")).Not.ToHaveCountAsync(0);
        Assert.Empty(board.ScriptErrors);
        Assert.Empty(wall.ScriptErrors);
    }

    [Fact]
    public async Task An_operator_acknowledges_and_resolves_an_incident_with_a_note_from_the_console()
    {
        var world = await (await new ApiWorld(Host.Client("admin")).Create()).MoveTo(Host.Client("operator"), "preparing");
        var agent = Host.Client("operator");
        await Heartbeats.Send(agent, world.Point, Heartbeats.Good(1), Heartbeats.Poor(2), Heartbeats.Poor(3), Heartbeats.Poor(4));
        await using var console = await chromium.Open(Host, "operator");
        await console.Go($"/operator?session={world.Session}");
        var row = console.Page.Locator($"#points-body tr[data-point='{world.Point}']");
        await Expect(row).ToHaveAttributeAsync("data-health", "degraded");
        var card = console.Page.Locator("#incident-list [data-incident]").First;
        await Expect(card).ToHaveAttributeAsync("data-state", "open");

        await card.Locator("textarea[name='note']").FillAsync("Đã gọi kỹ thuật viên tại Huế");
        await card.Locator("button[data-action='acknowledge']").ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-state", "acknowledged");
        await card.Locator("textarea[name='note']").FillAsync("Đã đổi sang đường truyền dự phòng");
        await card.Locator("button[data-action='resolve']").ClickAsync();

        await Expect(console.Page.Locator("#incident-list [data-state='resolved']")).ToContainTextAsync("Đã đổi sang đường truyền dự phòng");
        var incidents = (await (await agent.GetAsync($"/api/incidents?sessionId={world.Session}")).Json()).AsArray();
        var resolved = Assert.Single(incidents);
        Assert.Equal("resolved", (string)resolved!["state"]!);
        Assert.Equal("Đã đổi sang đường truyền dự phòng", (string)resolved["resolutionNote"]!);
        Assert.Equal("Lê Văn Kỹ Thuật", (string)resolved["resolvedBy"]!);
        Assert.Empty(console.ScriptErrors);
    }

    [Theory]
    [InlineData("/board")]
    [InlineData("/board/{plenary}")]
    [InlineData("/operator")]
    [InlineData("/security")]
    public async Task The_language_toggle_switches_every_visible_label_and_is_remembered(string path)
    {
        path = path.Replace("{plenary}", DemoGatewayFixture.Plenary);
        await using var session = await chromium.Open(Host, "admin", lang: "vi");
        await session.Go(path);
        var page = session.Page;
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.sessionOpsI18n.checkTables()"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        var vietnamese = await Labels(page);
        Assert.True(vietnamese.Count > 10, $"only {vietnamese.Count} labels on {path}");
        Assert.DoesNotContain("⟦", await page.InnerTextAsync("body"));

        await page.ClickAsync("#lang-toggle");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        var english = await Labels(page);
        var same = (await page.EvaluateAsync<string[]>("() => window.sessionOpsI18n.sameInBoth")).ToHashSet();
        var untranslated = english
            .Where(e => !same.Contains(e.Key) && vietnamese.Any(v => v.Key == e.Key && v.Text == e.Text))
            .Select(e => $"{e.Key}: {e.Text}")
            .ToArray();
        Assert.Empty(untranslated);
        Assert.DoesNotContain("⟦", await page.InnerTextAsync("body"));
        await Expect(page.Locator("#lang-toggle")).ToHaveTextAsync("Tiếng Việt");

        await page.ReloadAsync();
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-loaded", "true");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        Assert.Empty(session.ScriptErrors);
    }

    [Fact]
    public async Task Without_a_sign_in_a_page_leads_to_the_sign_in_and_a_leadership_sign_in_cannot_open_security_or_operator()
    {
        await using var session = await chromium.Open(Host);
        var page = session.Page;
        await page.GotoAsync("/security");
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?returnUrl="));
        // The form is the page's own only once its script has run.
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-loaded", "true");

        await page.FillAsync("input[name='name']", "Trần Thị Lãnh Đạo");
        await page.SelectOptionAsync("select[name='role']", "leadership");
        await page.ClickAsync("#dev-submit");
        // The URL is polled, not a navigation awaited: a navigation that commits before a waiter is set up is not missed.
        await Expect(page).ToHaveURLAsync(new Regex("/board$"));
        await Expect(page.Locator(".card").First).ToBeVisibleAsync();

        foreach (var forbidden in new[] { "/security", "/operator" })
        {
            var dataRequests = new List<string>();
            void Track(object? _, Microsoft.Playwright.IRequest request)
            {
                var url = new Uri(request.Url);
                if (url.AbsolutePath.StartsWith("/api/", StringComparison.Ordinal) || url.AbsolutePath.StartsWith("/hubs/", StringComparison.Ordinal))
                {
                    dataRequests.Add(url.PathAndQuery);
                }
            }

            page.Request += Track;
            await page.GotoAsync(forbidden);
            var notice = page.Locator("#forbidden");
            await Expect(notice).ToBeVisibleAsync();
            await Expect(notice).ToContainTextAsync("Lãnh đạo");
            await Expect(page.Locator("#security-sessions, #points-body, #coming, .card, .sec-session")).ToHaveCountAsync(0);
            page.Request -= Track;
            Assert.Empty(dataRequests);
        }

        Assert.Empty(session.ScriptErrors);
    }

    [Fact]
    public async Task Signing_in_opens_the_page_that_fits_the_role()
    {
        foreach (var (role, home) in new[] { ("operator", "/operator"), ("security", "/security"), ("admin", "/board") })
        {
            await using var session = await chromium.Open(Host);
            await session.Page.GotoAsync("/signin");
            await Expect(session.Page.Locator("body")).ToHaveAttributeAsync("data-loaded", "true");
            await session.Page.FillAsync("input[name='name']", "Người kiểm thử");
            await session.Page.SelectOptionAsync("select[name='role']", role);
            await session.Page.ClickAsync("#dev-submit");
            await Expect(session.Page).ToHaveURLAsync(new Regex($"{home}(\\?.*)?$"));
            await Expect(session.Page.Locator("body")).ToHaveAttributeAsync("data-loaded", "true");
            await Expect(session.Page.Locator("#forbidden")).ToHaveCountAsync(0);

            await session.Page.GotoAsync("/");
            await Expect(session.Page).ToHaveURLAsync(new Regex($"{home}(\\?.*)?$"));
        }
    }

    private static async Task<List<(string Key, string Text)>> Labels(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>(
            "() => [...document.querySelectorAll('[data-i18n]')].filter(e => e.getClientRects().length > 0).map(e => [e.dataset.i18n, e.textContent])");
        return json.EnumerateArray().Select(e => (e[0].GetString()!, e[1].GetString()!)).ToList();
    }
}
