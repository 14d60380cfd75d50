using System.Net.Http.Json;
using SessionOps.Gateway.DemoData;
using SessionOps.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionOps.Tests.Pages;

/// <summary>
/// Security does its whole job on /security in a real Chromium against the demo parliament: every route from one
/// lodging checked at once, arrivals recorded at the door from a badge's code, its own incidents acknowledged.
/// </summary>
[Collection(PagesCollection.Name)]
[Trait("Needs", "Chromium")]
public sealed class SecurityRunsTheSittingPageTests(ChromiumFixture chromium, DemoGatewayFixture gateway) : IClassFixture<DemoGatewayFixture>
{
    private GatewayHost Host => gateway.Host;

    private static IReadOnlyList<(string Id, SessionOps.Sessions.SessionSpec Spec)> Today => DemoGatewayFixture.Today;

    [Fact]
    public async Task Security_checks_every_route_from_one_lodging_at_once_with_one_note()
    {
        // Tomorrow's: a check counts for sittings not yet over, and today's may be over at the hour the tests run.
        var session = DemoGatewayFixture.Tomorrow[1];
        var lodging = "khach-san-thu-do";
        var lodgers = DemoDataSet.Delegates()
            .Where(d => session.Spec.DelegateIds.Contains(d.Id) && d.Spec.LodgingVenueId == lodging).Select(d => d.Id).ToArray();
        Assert.NotEmpty(lodgers);
        await using var console = await chromium.Open(Host, "security", 1440, 900);
        await console.Go($"/security?session={session.Id}");

        await console.Page.SelectOptionAsync("#lodging-filter", lodging);
        await Expect(console.Page.Locator("#view-routes tbody[data-delegate]")).ToHaveCountAsync(lodgers.Length);
        await Expect(console.Page.Locator("#bulk-check")).ToContainTextAsync(lodgers.Length.ToString());
        await console.Page.ClickAsync("#bulk-check");
        var dialog = console.Page.Locator("#bulk-dialog");
        await Expect(dialog).ToContainTextAsync("Khách sạn Thủ Đô");
        await dialog.Locator("textarea[name='note']").FillAsync("Đã đi kiểm tra tuyến Kim Mã – Ngọc Hà lúc 6 giờ");
        await dialog.Locator("button[data-action='confirm']").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        var security = Host.Client("security");
        foreach (var id in lodgers)
        {
            var route = await (await security.GetAsync($"/api/delegates/{id}/route")).Json();
            Assert.Equal("clear", (string)route["status"]!);
            Assert.Equal("Đã đi kiểm tra tuyến Kim Mã – Ngọc Hà lúc 6 giờ", (string)route["lastCheck"]!["note"]!);
        }

        var other = session.Spec.DelegateIds.First(id => !lodgers.Contains(id) && DemoDataSet.Delegates().Single(d => d.Id == id).Spec.LodgingVenueId is not null);
        Assert.NotEqual("clear", (string)(await (await security.GetAsync($"/api/delegates/{other}/route")).Json())["status"]!);
        await Expect(console.Page.Locator("#sec-summary [data-summary='routes'] strong")).ToHaveTextAsync($"{lodgers.Length}/{session.Spec.DelegateIds.Count(id => DemoDataSet.Routes().Any(r => r.DelegateId == id))}");
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task Security_records_an_arrival_from_a_badge_code_and_a_badge_of_someone_else_is_refused_with_the_reason()
    {
        var session = Today[1];
        var arriving = session.Spec.DelegateIds[3];
        var name = DemoDataSet.Delegates().Single(d => d.Id == arriving).Spec.Name;
        var stranger = DemoDataSet.Delegates().First(d => !session.Spec.DelegateIds.Contains(d.Id)).Id;
        await using var console = await chromium.Open(Host, "security", 1440, 900);
        await console.Go($"/security?session={session.Id}&view=arrivals");

        await console.Page.FillAsync("#badge-code", $"sessionops:delegate:{stranger}");
        await console.Page.PressAsync("#badge-code", "Enter");
        await Expect(console.Page.Locator("#door-result")).ToHaveAttributeAsync("data-ok", "false");
        await Expect(console.Page.Locator("#door-result")).ToContainTextAsync("không có trong danh sách");

        await console.Page.FillAsync("#badge-code", $"sessionops:delegate:{arriving}");
        await console.Page.ClickAsync("#door button[type='submit']");

        await Expect(console.Page.Locator("#door-result")).ToHaveAttributeAsync("data-ok", "true");
        await Expect(console.Page.Locator("#door-result")).ToContainTextAsync(name);
        await Expect(console.Page.Locator($"#arrivals-body tr[data-delegate='{arriving}']")).ToHaveAttributeAsync("data-mark", "inHall");
        await Expect(console.Page.Locator("#badge-code")).ToHaveValueAsync("");
        var marks = (await (await Host.Client("security").GetAsync($"/api/sessions/{session.Id}/attendance")).Json()).AsArray();
        Assert.Contains(marks, m => (string)m!["delegateId"]! == arriving && (string)m["status"]! == "inHall");
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task Security_sees_only_its_own_incidents_on_its_console_and_acknowledges_one_with_a_note()
    {
        // Tomorrow's: a route's issue opens incidents in the sittings not yet over.
        var session = DemoGatewayFixture.Tomorrow[1];
        var delegateId = session.Spec.DelegateIds[5];
        var issue = await Host.Client("security").PostAsJsonAsync($"/api/delegates/{delegateId}/route/checks", new { status = "issue", note = "Đường Kim Mã bị phong tỏa" });
        Assert.True(issue.IsSuccessStatusCode, await issue.Content.ReadAsStringAsync());
        await using var console = await chromium.Open(Host, "security", 1440, 900);
        await console.Go($"/security?session={session.Id}&view=incidents");

        var card = console.Page.Locator("#incident-list article[data-kind='security']").First;
        await Expect(card).ToHaveAttributeAsync("data-state", "open");
        await Expect(console.Page.Locator("#incident-list article:not([data-kind='security'])")).ToHaveCountAsync(0);
        await card.Locator("textarea[name='note']").FillAsync("Đã cử xe dẫn đường đi tuyến Liễu Giai");
        await card.Locator("button[data-action='acknowledge']").ClickAsync();

        await Expect(card).ToHaveAttributeAsync("data-state", "acknowledged");
        await Expect(card).ToContainTextAsync("Phạm Văn An Ninh");
        var incidents = (await (await Host.Client("security").GetAsync($"/api/incidents?sessionId={session.Id}&state=acknowledged")).Json()).AsArray();
        Assert.Contains(incidents, i => (string)i!["kind"]! == "security" && (string)i["targetId"]! == delegateId);
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task Security_sees_a_route_on_a_map_drawn_from_its_waypoints_and_the_page_asks_no_other_host()
    {
        var session = Today[1];
        var (delegateId, route) = DemoDataSet.Routes().First(r => session.Spec.DelegateIds.Contains(r.DelegateId));
        await using var console = await chromium.Open(Host, "security", 1440, 900);
        var elsewhere = new List<string>();
        console.Page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(Host.BaseAddress.ToString(), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };
        await console.Go($"/security?session={session.Id}");

        var row = console.Page.Locator($"#view-routes tbody[data-delegate='{delegateId}']");
        await row.Locator("details summary").ClickAsync();
        await row.Locator("button[data-action='map']").ClickAsync();

        var map = console.Page.Locator("#route-map");
        await Expect(map).ToHaveAttributeAsync("data-ready", "true");
        await Expect(map).ToHaveAttributeAsync("data-waypoints", route.Waypoints.Length.ToString());
        // The route's line, a mark per waypoint, and the country's outline.
        await Expect(console.Page.Locator("#route-map path.leaflet-interactive")).ToHaveCountAsync(route.Waypoints.Length + 2);
        await Expect(console.Page.Locator("#route-map .waypoint-tip").First).ToContainTextAsync(route.Waypoints[0].Name);
        await console.Page.ClickAsync("#route-map-dialog button[data-action='close']");
        await Expect(console.Page.Locator("#route-map-dialog")).ToHaveCountAsync(0);
        Assert.Empty(elsewhere);
        Assert.Empty(console.ScriptErrors);
    }
}
