using System.Net.Http.Json;
using SessionOps.Gateway.DemoData;
using SessionOps.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionOps.Tests.Pages;

/// <summary>
/// The pictures in docs/screenshots, taken from the real pages over a demo sitting in progress: most points online,
/// some degraded, two offline, with their incidents. Written on every run, so that they show the pages as they are.
/// </summary>
[Collection(PagesCollection.Name)]
[Trait("Needs", "Chromium")]
public sealed class ScreenshotTests(ChromiumFixture chromium, ScreenshotGatewayFixture gateway) : IClassFixture<ScreenshotGatewayFixture>
{
    private static readonly string[] Degraded = ["doan-lai-chau", "doan-gia-lai", "doan-ca-mau"];
    private static readonly string[] Offline = ["doan-dien-bien", "doan-quang-ngai"];
    private static readonly string[] Silent = ["doan-cao-bang"];

    private GatewayHost Host => gateway.Host;

    [Fact]
    public async Task Screenshots_of_the_board_the_wall_view_the_operator_checklist_and_the_security_console()
    {
        var plenary = DemoGatewayFixture.Plenary;
        var admin = Host.Client("admin");
        foreach (var phase in new[] { "preparing", "ready" })
        {
            await admin.PostAsJsonAsync($"/api/sessions/{plenary}/phase", new { phase });
        }

        await admin.PostAsJsonAsync($"/api/sessions/{plenary}/phase", new { phase = "live", @override = true, reason = "Ảnh chụp màn hình" });
        await SendRounds(admin, plenary, rounds: 12);

        await RecordChecks(plenary);
        await PrepareSecurity(plenary);
        var directory = ScreenshotDirectory();

        await using (var board = await chromium.Open(Host, "leadership", 1280, 800))
        {
            await board.Go("/board");
            await Expect(board.Page.Locator($".card[data-session='{plenary}'] [data-count='offline'] strong")).ToHaveTextAsync(Offline.Length.ToString());
            await board.Page.ScreenshotAsync(new() { Path = Path.Combine(directory, "board.png") });
        }

        await using (var wall = await chromium.Open(Host, "leadership", 1920, 1080))
        {
            await wall.Go($"/board/{plenary}");
            await Expect(wall.Page.Locator(".tile[data-health='offline']")).ToHaveCountAsync(Offline.Length);
            await Expect(wall.Page.Locator("#wall-incidents li")).Not.ToHaveCountAsync(0);
            // The whole sitting on one wall screen: nothing below the fold.
            var overflow = await wall.Page.EvaluateAsync<int>("() => document.documentElement.scrollHeight - window.innerHeight");
            Assert.True(overflow <= 0, $"The wall view scrolls by {overflow}px at 1920×1080.");
            var clipped = await wall.Page.EvaluateAsync<int>("() => [...document.querySelectorAll('.tile')].filter(t => t.scrollHeight > t.clientHeight + 1).length");
            Assert.Equal(0, clipped);
            await wall.Page.ScreenshotAsync(new() { Path = Path.Combine(directory, "wall.png") });
        }

        await using (var console = await chromium.Open(Host, "operator", 1440, 900))
        {
            await console.Go($"/operator?session={plenary}");
            await Expect(console.Page.Locator("#points-body tr")).ToHaveCountAsync(37);
            await Expect(console.Page.Locator("#points-body .spark[data-buckets]").First).ToBeVisibleAsync();
            await Expect(console.Page.Locator("#incident-list [data-incident]").First).ToBeVisibleAsync();
            await console.Page.ClickAsync("#tab-checklist");
            await Expect(console.Page.Locator(".check-group[open] .check-row[data-status='pass']").First).ToBeVisibleAsync();
            await console.Page.ScreenshotAsync(new() { Path = Path.Combine(directory, "operator.png") });
        }

        await using (var console = await chromium.Open(Host, "security", 1440, 900))
        {
            await console.Go($"/security?session={plenary}");
            await Expect(console.Page.Locator("#view-routes tbody[data-delegate]")).Not.ToHaveCountAsync(0);
            await console.Page.SelectOptionAsync("#delegation-filter", "Huế");
            await Expect(console.Page.Locator("#view-routes tbody[data-delegate]")).ToHaveCountAsync(8);
            await Expect(console.Page.Locator("#view-routes tbody[data-status='issue']")).ToHaveCountAsync(1);
            await console.Page.Locator("#view-routes tbody[data-delegate='dbqh-hue-03'] .route-details summary").ClickAsync();
            await Expect(console.Page.Locator("#view-routes tbody[data-delegate='dbqh-hue-03'] .waypoint-list")).ToBeVisibleAsync();
            await console.Page.ScreenshotAsync(new() { Path = Path.Combine(directory, "security.png") });
        }

        await using (var calendar = await chromium.Open(Host, "leadership", 1440, 1000))
        {
            await calendar.Go("/calendar");
            await Expect(calendar.Page.Locator("#conflict-list li")).Not.ToHaveCountAsync(0);
            await calendar.Page.ScreenshotAsync(new() { Path = Path.Combine(directory, "calendar.png") });
        }

        await using (var report = await chromium.Open(Host, "leadership", 1280, 1000))
        {
            // The plenary's report while it runs: its points' outages so far, on the timeline.
            await report.Go($"/reports/{plenary}");
            await Expect(report.Page.Locator(".report-status")).ToHaveAttributeAsync("data-status", "running");
            await Expect(report.Page.Locator("svg.timeline-chart rect[data-health='offline']")).Not.ToHaveCountAsync(0);
            await report.Page.ScreenshotAsync(new() { Path = Path.Combine(directory, "report.png") });
        }

        await using (var setUp = await chromium.Open(Host, "admin", 1440, 1000))
        {
            await setUp.Go($"/admin?session={plenary}#sittings");
            await Expect(setUp.Page.Locator("#sitting-form [name='id']")).ToHaveValueAsync(plenary);
            await setUp.Page.ScreenshotAsync(new() { Path = Path.Combine(directory, "admin.png") });
        }
    }

    /// <summary>
    /// A checklist at work: the hall done, most points done, one item failed and one waived at the central point, the
    /// points in trouble still to do.
    /// </summary>
    private async Task RecordChecks(string plenary)
    {
        var @operator = Host.Client("operator");
        var items = (await (await @operator.GetAsync($"/api/sessions/{plenary}/readiness")).Json())["items"]!.AsArray()
            .Select(i => (Type: (string)i!["targetType"]!, Target: (string)i["targetId"]!, Item: (string)i["item"]!, Owner: (string)i["owner"]!))
            .Where(i => i.Owner == "technical")
            .ToArray();
        var troubled = Degraded.Concat(Offline).Concat(Silent).Append("nha-quoc-hoi").ToHashSet();
        var central = items.Where(i => i.Target == "nha-quoc-hoi").ToArray();
        var checks = items.Where(i => !troubled.Contains(i.Target)).Select(i => (i, "pass", (string?)null))
            .Concat(central.Take(5).Select(i => (i, "pass", (string?)null)))
            .Append((central[5], "fail", "Máy phát điện dự phòng chưa khởi động được"))
            .Append((central[6], "waived", "Kỹ thuật viên trực từ xa trong phiên này"))
            .ToArray();
        foreach (var batch in checks.Chunk(8))
        {
            await Task.WhenAll(batch.Select(async check =>
            {
                var (item, status, note) = check;
                var response = await @operator.PostAsJsonAsync($"/api/sessions/{plenary}/readiness/checks",
                    new { targetType = item.Type, targetId = item.Target, item = item.Item, status, note });
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            }));
        }
    }

    /// <summary>The routes of Huế's delegates, most of them checked, one with an issue; some arrived, some on the way.</summary>
    private async Task PrepareSecurity(string plenary)
    {
        var security = Host.Client("security");
        string[][] ways =
        [
            ["Cổng Nhà khách, phố Hoàng Văn Thụ", "Ngã tư Hoàng Văn Thụ – Hùng Vương", "Cổng phía Tây, đường Độc Lập"],
            ["Sảnh khách sạn, đường Thanh Niên", "Dốc Hàng Than", "Phố Phan Đình Phùng", "Cổng phía Bắc, đường Độc Lập"],
            ["Cổng khách sạn, phố Kim Mã", "Ngã tư Kim Mã – Liễu Giai", "Phố Văn Cao", "Cổng phía Tây, đường Độc Lập"],
        ];
        for (var n = 1; n <= 8; n++)
        {
            var id = $"dbqh-hue-{n:00}";
            var route = await security.PutAsJsonAsync($"/api/delegates/{id}/route", new
            {
                destinationVenueId = DemoDataSet.HallId,
                waypoints = ways[n % ways.Length].Select(name => new { name }),
            });
            Assert.True(route.IsSuccessStatusCode, await route.Content.ReadAsStringAsync());
            if (n <= 6)
            {
                var status = n == 4 ? "issue" : "clear";
                var note = n == 4 ? "Phố Kim Mã đang sửa, đi lối Liễu Giai" : null;
                Assert.True((await security.PostAsJsonAsync($"/api/delegates/{id}/route/checks", new { status, note })).IsSuccessStatusCode);
            }

            var mark = n switch { <= 3 => "inHall", <= 5 => "enRoute", 6 => "excused", _ => null };
            if (mark is not null)
            {
                Assert.True((await security.PostAsJsonAsync($"/api/sessions/{plenary}/attendance", new { delegateId = id, status = mark })).IsSuccessStatusCode);
            }
        }

        Assert.True((await security.PostAsJsonAsync($"/api/venues/{DemoDataSet.HallId}/sweeps", new { status = "clear" })).IsSuccessStatusCode);

        // Most of the plenary in the hall: the quorum is reached.
        var arrived = DemoDataSet.Delegates().Select(d => d.Id).Where(id => !id.StartsWith("dbqh-hue-", StringComparison.Ordinal)).Take(262);
        foreach (var batch in arrived.Chunk(10))
        {
            await Task.WhenAll(batch.Select(async id =>
                Assert.True((await security.PostAsJsonAsync($"/api/sessions/{plenary}/attendance", new { delegateId = id, status = "inHall" })).IsSuccessStatusCode)));
        }
    }

    /// <summary>A few seconds of agents reporting once a second, so that the sparklines have a shape.</summary>
    private async Task SendRounds(HttpClient client, string plenary, int rounds)
    {
        var points = (await (await client.GetAsync($"/api/sessions/{plenary}/board")).Json())["connectionPoints"]!["items"]!.AsArray()
            .Select(p => (string)p!["id"]!).Except(Silent).ToArray();
        var random = new Random(7);
        for (var round = 1; round <= rounds; round++)
        {
            var batch = points.Select(id => Heartbeat(id, round, random)).ToArray();
            var response = await client.PostAsJsonAsync("/api/heartbeats", batch);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            if (round < rounds)
            {
                // Agents report once a second; the buckets of the sparkline are five seconds wide.
                await Task.Delay(1000);
            }
        }
    }

    private static object Heartbeat(string id, int round, Random random)
    {
        var degraded = Degraded.Contains(id);
        var offline = Offline.Contains(id) && round > 4;
        return new
        {
            connectionPointId = id,
            seq = round,
            sentAt = DateTimeOffset.Now.ToString("O"),
            latencyMs = degraded ? 320 + random.Next(180) : 40 + random.Next(60),
            jitterMs = degraded ? 45 + random.Next(30) : 3 + random.Next(8),
            packetLossPct = degraded ? 3.5 + random.NextDouble() * 3 : random.NextDouble() * 0.6,
            bitrateKbps = degraded ? 700 + random.Next(300) : 1800 + random.Next(600),
            audio = !offline,
            video = !offline,
        };
    }

    private static string ScreenshotDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SessionOps.sln")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("No SessionOps.sln above the test's folder."), "docs", "screenshots");
        Directory.CreateDirectory(path);
        return path;
    }
}
