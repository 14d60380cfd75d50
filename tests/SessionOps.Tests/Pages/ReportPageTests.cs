using System.Net.Http.Json;
using System.Text;
using SessionOps.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionOps.Tests.Pages;

/// <summary>Leadership opens a closed sitting's report in Vietnamese, finds its timeline chart, and prints it to PDF.</summary>
[Collection(PagesCollection.Name)]
[Trait("Needs", "Chromium")]
public sealed class ReportPageTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.Start(_directory.File("report-page.db"), settings: new Dictionary<string, string?>
    {
        ["Health:OfflineAfter"] = "00:00:02",
    });

    [Fact]
    public async Task Leadership_reads_a_closed_sittings_report_with_its_timeline_and_prints_it_to_pdf()
    {
        var admin = _host.Client("admin");
        var @operator = _host.Client("operator");
        var world = await new ApiWorld(admin).Create();
        await Heartbeats.Send(@operator, world.Point, Heartbeats.Good(1));
        await world.MoveTo(@operator, "preparing", "ready");
        await world.OverrideToLive();
        // Silent past Health:OfflineAfter, then back: an outage on the timeline.
        await Eventually.Get(async () => (string)(await (await @operator.GetAsync($"/api/connection-points/{world.Point}")).Json())["health"]!,
            health => health == "offline", TimeSpan.FromSeconds(15), "the point offline");
        await Heartbeats.Send(@operator, world.Point, [.. Enumerable.Range(2, 8).Select(seq => Heartbeats.Good(seq))]);
        await world.MoveTo(@operator, "adjourned", "closed");

        await using var leadership = await chromium.Open(_host, "leadership", 1280, 900);
        await leadership.Go($"/reports/{world.Session}");
        var page = leadership.Page;
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        await Expect(page.Locator(".report-status")).ToHaveAttributeAsync("data-status", "final");
        await Expect(page.Locator("#report-head h1")).ToHaveTextAsync("Phiên họp toàn thể");
        var lane = page.Locator($"svg.timeline-chart g.lane[data-point='{world.Point}']");
        await Expect(lane).ToHaveCountAsync(1);
        await Expect(lane.Locator("rect[data-health='offline']")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("svg.timeline-chart .phase-label")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("#report-points tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#report-phases")).ToContainTextAsync("Quản trị cho phép vượt kiểm tra sẵn sàng");
        await Expect(page.Locator("#report-tools a[href$='/report.csv']")).ToHaveCountAsync(1);

        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true });
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        Assert.True(pdf.Length > 10_000, $"a PDF of {pdf.Length} bytes");

        // The month's roll-up keeps the sitting once it closed, and opens its report.
        await Eventually.Get(async () => (await (await _host.Client("leadership").GetAsync("/api/reports/monthly")).Json())["sittings"]!.AsArray().Count,
            count => count == 1, TimeSpan.FromSeconds(10), "the closed sitting in the month's roll-up");
        await leadership.Go("/reports");
        await Expect(page.Locator("[data-figure='held'] .figure-value")).ToHaveTextAsync("1");
        await Expect(page.Locator($"#rollup-points tr[data-point='{world.Point}']")).ToHaveCountAsync(1);
        await page.Locator($"#rollup-sittings li[data-session='{world.Session}'] a").ClickAsync();
        await Expect(page.Locator("#report-head h1")).ToHaveTextAsync("Phiên họp toàn thể");
        Assert.Empty(leadership.ScriptErrors);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _directory.Dispose();
    }
}
