using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SessionOps.Gateway.DemoData;
using SessionOps.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionOps.Tests.Pages;

/// <summary>
/// The security console and the operator's readiness checklist in a real Chromium against the demo parliament:
/// one-click checks reach the leadership's pages live, and routes never reach a page that leadership can open.
/// </summary>
[Collection(PagesCollection.Name)]
[Trait("Needs", "Chromium")]
public sealed class ConsolePageTests(ChromiumFixture chromium, DemoGatewayFixture gateway) : IClassFixture<DemoGatewayFixture>
{
    private GatewayHost Host => gateway.Host;

    private static IReadOnlyList<(string Id, SessionOps.Sessions.SessionSpec Spec)> Today => DemoGatewayFixture.Today;

    /// <summary>The afternoon's hybrid Standing Committee sitting: three points, a checklist short enough that one item moves the percent.</summary>
    private static string CommitteeHybrid => Today[2].Id;

    /// <summary>The first Standing Committee sitting: eighteen delegates, one of each of the first delegations.</summary>
    private static string Committee => Today[1].Id;

    private static string[] CommitteeDelegates => Today[1].Spec.DelegateIds;

    [Fact]
    public async Task An_operator_passes_a_readiness_item_and_the_leadership_wall_shows_the_new_percent_without_a_reload()
    {
        await using var wall = await chromium.Open(Host, "leadership", 1920, 1080);
        await wall.Go($"/board/{CommitteeHybrid}");
        var percent = wall.Page.Locator("#readiness .readiness strong");
        await Expect(percent).ToHaveTextAsync(new Regex(@"^\d+%$"));
        var before = await percent.InnerTextAsync();

        await using var console = await chromium.Open(Host, "operator", 1440, 900);
        await console.Go($"/operator?session={CommitteeHybrid}");
        await console.Page.ClickAsync("#tab-checklist");
        var hall = DemoDataSet.MeetingRoomId;
        var row = console.Page.Locator($".check-row[data-target='{hall}'][data-item='avSystem']");
        await Expect(row).ToHaveAttributeAsync("data-status", "pending");
        // Sweeps are security's: shown, never to be ticked here.
        await Expect(console.Page.Locator(".check-row[data-item='securitySweep']").First).ToBeVisibleAsync();
        await Expect(console.Page.Locator(".check-row[data-item='securitySweep'] button")).ToHaveCountAsync(0);

        await row.Locator("button[data-action='pass']").ClickAsync();

        await Expect(row).ToHaveAttributeAsync("data-status", "pass");
        await Expect(row).ToContainTextAsync("Lê Văn Kỹ Thuật");
        await Expect(percent).Not.ToHaveTextAsync(before);
        var shown = await console.Page.Locator("#readiness-state").GetAttributeAsync("data-percent");
        await Expect(percent).ToHaveTextAsync($"{shown}%");

        // A waiver without a reason: the server refuses it and the console says why; with a reason it is recorded.
        var interpretation = console.Page.Locator($".check-row[data-target='{hall}'][data-item='interpretation']");
        await interpretation.Locator("button[data-action='waived']").ClickAsync();
        await interpretation.Locator("button[data-action='confirm-waive']").ClickAsync();
        await Expect(interpretation.Locator(".check-error")).ToContainTextAsync("waiver");
        await Expect(interpretation).ToHaveAttributeAsync("data-status", "pending");
        await interpretation.Locator("input[name='reason']").FillAsync("Phiên họp không có đại biểu quốc tế");
        await interpretation.Locator("button[data-action='confirm-waive']").ClickAsync();
        await Expect(interpretation).ToHaveAttributeAsync("data-status", "waived");
        await Expect(interpretation).ToContainTextAsync("Phiên họp không có đại biểu quốc tế");

        Assert.Empty(wall.ScriptErrors);
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task A_security_officer_clears_a_route_and_the_row_turns_clear_while_the_leadership_board_counts_it()
    {
        // Tomorrow's sitting: a check counts for sittings not yet over, and today's may be over when the tests run.
        var committee = DemoGatewayFixture.Tomorrow[1].Id;
        var tomorrow = ParliamentTime.Today(TimeProvider.System).AddDays(1).ToString("yyyy-MM-dd");
        var delegateId = CommitteeDelegates[1];
        var security = Host.Client("security");
        var defined = await security.PutAsJsonAsync($"/api/delegates/{delegateId}/route", new
        {
            destinationVenueId = DemoDataSet.MeetingRoomId,
            waypoints = new[] { new { name = "Cổng phụ đường Hoàng Văn Thụ" }, new { name = "Ngã tư Độc Lập – Bắc Sơn" } },
        });
        Assert.True(defined.IsSuccessStatusCode, await defined.Content.ReadAsStringAsync());

        await using var board = await chromium.Open(Host, "leadership");
        await board.Go($"/board?date={tomorrow}");
        var routes = board.Page.Locator($".card[data-session='{committee}'] [data-security='routes'] strong");
        await Expect(routes).ToHaveTextAsync(new Regex(@"^\d+/\d+$"));
        var before = int.Parse((await routes.InnerTextAsync()).Split('/')[0]);

        await using var colleague = await chromium.Open(Host, "security");
        await colleague.Go($"/security?session={committee}");
        await using var console = await chromium.Open(Host, "security", 1440, 900);
        await console.Go($"/security?session={committee}");
        var row = console.Page.Locator($"#view-routes tbody[data-delegate='{delegateId}']");
        await Expect(row).ToHaveAttributeAsync("data-status", "unchecked");
        await row.Locator(".route-details summary").ClickAsync();
        await Expect(row.Locator(".waypoint-list")).ToContainTextAsync("Ngã tư Độc Lập – Bắc Sơn");
        await Expect(row.Locator(".lodging")).Not.ToBeEmptyAsync();

        await row.Locator("button[data-action='clear']").ClickAsync();

        await Expect(row).ToHaveAttributeAsync("data-status", "clear");
        await Expect(row.Locator(".status")).ToHaveTextAsync("Thông suốt");
        await Expect(row.Locator(".last-check")).ToContainTextAsync("Phạm Văn An Ninh");
        await Expect(routes).ToHaveTextAsync(new Regex($"^{before + 1}/\\d+$"));
        await Expect(console.Page.Locator("[data-summary='routes'] strong")).ToHaveTextAsync(new Regex($"^{before + 1}/"));
        // Another officer's console hears of it from the hub's RouteChanged, without a reload.
        await Expect(colleague.Page.Locator($"#view-routes tbody[data-delegate='{delegateId}']")).ToHaveAttributeAsync("data-status", "clear");

        // Arrivals: one click marks the delegate in the hall, and the quorum's count follows.
        var present = console.Page.Locator("[data-summary='quorum'] strong");
        var presentBefore = int.Parse((await present.InnerTextAsync()).Split('/')[0].Trim());
        await console.Page.ClickAsync("#tab-arrivals");
        var arrival = console.Page.Locator($"#arrivals-body tr[data-delegate='{delegateId}']");
        await arrival.Locator("button[data-mark='inHall']").ClickAsync();
        await Expect(arrival).ToHaveAttributeAsync("data-mark", "inHall");
        await Expect(arrival.Locator("button[data-mark='inHall']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(present).ToHaveTextAsync(new Regex($"^{presentBefore + 1}\\s*/"));

        Assert.Empty(board.ScriptErrors);
        Assert.Empty(console.ScriptErrors);
        Assert.Empty(colleague.ScriptErrors);
    }

    [Fact]
    public async Task Leadership_cannot_open_security_and_no_waypoint_reaches_any_page_or_response_that_leadership_gets()
    {
        var waypoint = $"Lối kín số {Guid.NewGuid().ToString("N")[..8]}";
        var delegateId = CommitteeDelegates[3];
        var security = Host.Client("security");
        var defined = await security.PutAsJsonAsync($"/api/delegates/{delegateId}/route", new
        {
            destinationVenueId = DemoDataSet.MeetingRoomId,
            waypoints = new[] { new { name = waypoint } },
        });
        Assert.True(defined.IsSuccessStatusCode, await defined.Content.ReadAsStringAsync());

        await using var session = await chromium.Open(Host, "leadership", 1920, 1080);
        var page = session.Page;
        var reads = new List<Task<string>>();
        var frames = new List<string>();
        page.Response += (_, response) =>
        {
            lock (reads)
            {
                reads.Add(Body(response));
            }
        };
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            lock (frames)
            {
                frames.Add(frame.Text ?? "");
            }
        };

        await page.GotoAsync("/security");
        await Expect(page.Locator("#forbidden")).ToBeVisibleAsync();

        await session.Go("/board");
        var day = (await (await Host.Client("leadership").GetAsync("/api/board")).Json()).AsArray().Count;
        await Expect(page.Locator(".card")).ToHaveCountAsync(day);
        foreach (var (id, _) in Today)
        {
            await session.Go($"/board/{id}");
            await Expect(page.Locator("#readiness [data-security='routes']")).ToBeVisibleAsync();
        }

        // While the wall of the sitting is open, security checks the route: the wall counts it, and hears nothing more.
        // Tomorrow's committee: a check counts for sittings not yet over, and today's may be over when the tests run.
        await session.Go($"/board/{DemoGatewayFixture.Tomorrow[1].Id}");
        var routes = page.Locator("#readiness [data-security='routes'] strong");
        var before = int.Parse((await routes.InnerTextAsync()).Split('/')[0]);
        var checkedRoute = await security.PostAsJsonAsync($"/api/delegates/{delegateId}/route/checks", new { status = "clear" });
        Assert.Equal(HttpStatusCode.OK, checkedRoute.StatusCode);
        await Expect(routes).ToHaveTextAsync(new Regex($"^{before + 1}/"));

        Assert.DoesNotContain(waypoint, await page.ContentAsync());
        Assert.DoesNotContain(waypoint, await page.InnerTextAsync("body"));
        var bodies = await Task.WhenAll(Snapshot(reads));
        Assert.True(bodies.Length > 10, $"only {bodies.Length} responses seen");
        Assert.DoesNotContain(bodies, b => b.Contains(waypoint, StringComparison.Ordinal));
        string[] received;
        lock (frames)
        {
            received = [.. frames];
        }

        Assert.Contains(received, f => f.Contains("BoardUpdated", StringComparison.Ordinal));
        Assert.DoesNotContain(received, f => f.Contains(waypoint, StringComparison.Ordinal));
        Assert.DoesNotContain(received, f => f.Contains("RouteChanged", StringComparison.Ordinal));
        Assert.Empty(session.ScriptErrors);
    }

    [Theory]
    [InlineData("security", "/security?session={committee}")]
    [InlineData("admin", "/security?session={committee}")]
    [InlineData("operator", "/operator?session={hybrid}")]
    public async Task The_language_toggle_leaves_no_missing_label_in_any_section_of_the_consoles(string role, string path)
    {
        path = path.Replace("{committee}", Committee).Replace("{hybrid}", CommitteeHybrid);
        var withRoute = CommitteeDelegates[5];
        var defined = await Host.Client("security").PutAsJsonAsync($"/api/delegates/{withRoute}/route", new
        {
            destinationVenueId = DemoDataSet.MeetingRoomId,
            waypoints = new[] { new { name = "Cổng chính" } },
        });
        Assert.True(defined.IsSuccessStatusCode);

        await using var session = await chromium.Open(Host, role, 1440, 900, lang: "vi");
        await session.Go(path);
        var page = session.Page;
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.sessionOpsI18n.checkTables()"));

        foreach (var lang in new[] { "vi", "en" })
        {
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);
            if (role == "operator")
            {
                await page.ClickAsync("#tab-points");
                await NoMissingLabel(page, lang, "points");
                await page.ClickAsync("#tab-checklist");
                await Expect(page.Locator(".check-row").First).ToBeVisibleAsync();
                var item = page.Locator($".check-row[data-target='{DemoDataSet.MeetingRoomId}'][data-item='recording']");
                await item.Locator("button[data-action='waived']").ClickAsync();
                await Expect(item.Locator("input[name='reason']")).ToBeVisibleAsync();
                if (lang == "vi")
                {
                    // Opened once: the console keeps it open across the change of language.
                    await page.Locator(".blocking summary").ClickAsync();
                }

                await NoMissingLabel(page, lang, "checklist");
            }
            else
            {
                await page.ClickAsync("#tab-routes");
                var row = page.Locator($"#view-routes tbody[data-delegate='{withRoute}']");
                if (lang == "vi")
                {
                    await row.Locator(".route-details summary").ClickAsync();
                }

                await row.Locator("button[data-action='issue']").ClickAsync();
                await Expect(row.Locator("input[name='note']")).ToBeVisibleAsync();
                await NoMissingLabel(page, lang, "routes");
                await page.ClickAsync("#tab-arrivals");
                await Expect(page.Locator("#arrivals-body tr[data-delegate]").First).ToBeVisibleAsync();
                await NoMissingLabel(page, lang, "arrivals");
                await page.ClickAsync("#tab-venues");
                await Expect(page.Locator("#venues-body .venue-card").First).ToBeVisibleAsync();
                await page.Locator("#venues-body .venue-card button[data-action='issue']").First.ClickAsync();
                await NoMissingLabel(page, lang, "venues");
            }

            if (lang == "vi")
            {
                await page.ClickAsync("#lang-toggle");
            }
        }

        await Expect(page.Locator(role == "operator" ? "#tab-checklist" : "#tab-routes")).ToContainTextAsync(role == "operator" ? "Readiness checklist" : "Routes");
        Assert.Empty(session.ScriptErrors);
    }

    private static async Task NoMissingLabel(IPage page, string lang, string section)
    {
        var text = await page.InnerTextAsync("body");
        Assert.False(text.Contains('⟦'), $"{lang}, {section}: a label is missing: {text[Math.Max(0, text.IndexOf('⟦') - 40)..Math.Min(text.Length, text.IndexOf('⟦') + 60)]}");
        var placeholders = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[placeholder]')].map(e => e.placeholder).filter(p => p.includes('⟦'))");
        Assert.Empty(placeholders);
    }

    private static Task<string>[] Snapshot(List<Task<string>> reads)
    {
        lock (reads)
        {
            return [.. reads];
        }
    }

    private static async Task<string> Body(IResponse response)
    {
        try
        {
            return $"{response.Url}\n{await response.TextAsync()}";
        }
        catch (Exception)
        {
            // A redirect or a response the page no longer holds has no body to read.
            return response.Url;
        }
    }
}
