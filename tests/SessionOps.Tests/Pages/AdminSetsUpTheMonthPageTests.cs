using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using SessionOps.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionOps.Tests.Pages;

/// <summary>
/// An admin sets up without JSON: a venue, a connection point with whom to call, a sitting in them, on /admin; sees it on
/// /calendar among the demo month's meetings with its conflicts; imports a spreadsheet after its dry run.
/// </summary>
[Collection(PagesCollection.Name)]
[Trait("Needs", "Chromium")]
public sealed class AdminSetsUpTheMonthPageTests(ChromiumFixture chromium, DemoGatewayFixture gateway) : IClassFixture<DemoGatewayFixture>
{
    private GatewayHost Host => gateway.Host;

    private static string Today => ParliamentTime.Today(TimeProvider.System).ToString("yyyy-MM-dd");

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    [Fact]
    public async Task An_admin_creates_a_venue_a_point_with_its_contact_and_a_sitting_on_admin_and_finds_it_on_the_calendar()
    {
        var venue = NewId("phong-hop");
        var point = NewId("diem-cau");
        var sitting = NewId("hoi-nghi");
        await using var admin = await chromium.Open(Host, "admin", 1440, 1000);
        var page = admin.Page;

        await admin.Go("/admin#venues");
        await page.ClickAsync("#section-venues [data-action='new']");
        var venueForm = page.Locator("#venue-form");
        await venueForm.Locator("[name='id']").FillAsync(venue);
        await venueForm.Locator("[name='name']").FillAsync("Phòng họp Hoa Sen");
        await venueForm.Locator("[name='kind']").SelectOptionAsync("meetingRoom");
        await venueForm.Locator("[name='address']").FillAsync("Số 22 Hùng Vương, phường Ba Đình, Hà Nội");
        await venueForm.Locator("[data-action='save']").ClickAsync();
        await Expect(page.Locator($"#section-venues tr[data-id='{venue}']")).ToContainTextAsync("Phòng họp Hoa Sen");

        await page.ClickAsync("#admin-tabs [data-section='points']");
        await page.ClickAsync("#section-points [data-action='new']");
        var pointForm = page.Locator("#point-form");
        await pointForm.Locator("[name='id']").FillAsync(point);
        await pointForm.Locator("[name='name']").FillAsync("Điểm cầu Hội trường tỉnh");
        await pointForm.Locator("[name='province']").FillAsync("Huế");
        await pointForm.Locator("[name='contacts[0].name']").FillAsync("Trần Văn Kỹ (kỹ thuật viên)");
        await pointForm.Locator("[name='contacts[0].phone']").FillAsync("số máy bàn");
        await pointForm.Locator("[name='backup']").FillAsync("Đường truyền 4G dự phòng");
        await pointForm.Locator("[data-action='save']").ClickAsync();
        // The server refuses the phone, and the page says why beside it, in Vietnamese; nothing is saved.
        await Expect(pointForm.Locator("[data-error-for='contacts[0].phone']")).ToContainTextAsync("Số điện thoại không hợp lệ");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Host.Client("admin").GetAsync($"/api/connection-points/{point}")).StatusCode);
        await pointForm.Locator("[name='contacts[0].phone']").FillAsync("0234 3822 123");
        await pointForm.Locator("[name='contacts[0].email']").FillAsync("kythuat.hue@quochoi.vn");
        await pointForm.Locator("[data-action='save']").ClickAsync();
        await Expect(page.Locator($"#section-points tr[data-id='{point}']")).ToContainTextAsync("0234 3822 123");
        var saved = await (await Host.Client("operator").GetAsync($"/api/connection-points/{point}")).Json();
        Assert.Equal("Trần Văn Kỹ (kỹ thuật viên)", (string)saved["contacts"]![0]!["name"]!);
        Assert.Equal("Đường truyền 4G dự phòng", (string)saved["backup"]!);

        await page.ClickAsync("#admin-tabs [data-section='sittings']");
        await page.ClickAsync("#section-sittings [data-action='new']");
        var form = page.Locator("#sitting-form");
        await form.Locator("[name='id']").FillAsync(sitting);
        await form.Locator("[name='title']").FillAsync("Hội nghị trực tuyến tập huấn kỹ năng cho đại biểu dân cử");
        await form.Locator("[name='kind']").SelectOptionAsync("conference");
        await form.Locator("[name='format']").SelectOptionAsync("hybrid");
        await form.Locator("[name='hallVenueId']").SelectOptionAsync(venue);
        await form.Locator("[name='scheduledStart']").FillAsync($"{Today}T20:00");
        await form.Locator("[name='scheduledEnd']").FillAsync($"{Today}T19:00");
        await form.Locator("[name='connectionPointIds-search']").FillAsync("hoi truong tinh");
        await form.Locator($".pick-item:has(input[value='{point}']) input").CheckAsync();
        await form.Locator("[data-action='save']").ClickAsync();
        await Expect(form.Locator("[data-error-for='scheduledEnd']")).ToHaveTextAsync("Giờ kết thúc phải sau giờ bắt đầu.");
        await Expect(form.Locator("[name='scheduledEnd']")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Host.Client("admin").GetAsync($"/api/sessions/{sitting}")).StatusCode);

        await form.Locator("[name='scheduledEnd']").FillAsync($"{Today}T21:30");
        await form.Locator("[data-action='save']").ClickAsync();
        await Expect(form.Locator(".form-saved")).Not.ToBeEmptyAsync();
        await Expect(page.Locator($"#sittings-list tr[data-id='{sitting}']")).ToBeVisibleAsync();
        var session = await (await Host.Client("admin").GetAsync($"/api/sessions/{sitting}")).Json();
        Assert.Equal(DateTimeOffset.Parse($"{Today}T20:00:00+07:00"), DateTimeOffset.Parse((string)session["scheduledStart"]!));
        Assert.Equal([point], session["connectionPointIds"]!.AsArray().Select(p => (string)p!));

        await admin.Go("/calendar");
        var item = page.Locator($".cal-day[data-day='{Today}'] .cal-sitting[data-session='{sitting}']");
        await Expect(item).ToContainTextAsync("Hội nghị trực tuyến tập huấn kỹ năng cho đại biểu dân cử");
        await Expect(item).ToContainTextAsync("Phòng họp Hoa Sen");
        await Expect(item.Locator(".cal-link")).ToHaveAttributeAsync("href", $"/board/{sitting}");
        await Expect(item.Locator(".cal-edit")).ToHaveAttributeAsync("href", $"/admin?session={sitting}#sittings");

        // The calendar's edit link opens the sitting's form.
        await item.Locator(".cal-edit").ClickAsync();
        await Expect(page.Locator("#sitting-form [name='id']")).ToHaveValueAsync(sitting);
        await Expect(page.Locator("#sitting-form [name='title']")).ToHaveValueAsync("Hội nghị trực tuyến tập huấn kỹ năng cho đại biểu dân cử");
        Assert.Empty(admin.ScriptErrors);
    }

    [Fact]
    public async Task The_calendar_shows_the_demo_month_by_day_flags_its_double_booked_room_and_shows_a_week_on_a_phone()
    {
        var month = await (await Host.Client("leadership").GetAsync("/api/calendar")).Json();
        var conflict = month["conflicts"]!.AsArray().First(c => (string)c!["kind"]! == "hall")!;
        var pair = conflict["sessionIds"]!.AsArray().Select(s => (string)s!).ToArray();

        await using var leadership = await chromium.Open(Host, "leadership", 1440, 1000);
        await leadership.Go("/calendar");
        await Expect(leadership.Page.Locator("#conflicts")).ToBeVisibleAsync();
        await Expect(leadership.Page.Locator($"#conflict-list li[data-kind='hall'][data-sessions='{string.Join(' ', pair)}']")).ToHaveCountAsync(1);
        foreach (var id in pair)
        {
            await Expect(leadership.Page.Locator($".cal-sitting.conflict[data-session='{id}']")).ToHaveCountAsync(1);
        }

        var sittings = month["sittings"]!.AsArray().Count;
        await Expect(leadership.Page.Locator(".cal-sitting")).Not.ToHaveCountAsync(0);
        await Expect(leadership.Page.Locator("#calendar-summary")).ToContainTextAsync($"/{sittings}");
        await leadership.Page.SelectOptionAsync("#kind-filter", "standingCommittee");
        await Expect(leadership.Page.Locator(".cal-sitting:not(.kind-standingCommittee)")).ToHaveCountAsync(0);
        await Expect(leadership.Page.Locator(".cal-sitting.kind-standingCommittee")).Not.ToHaveCountAsync(0);

        // A leader opens a sitting's wall view from the calendar.
        var plenary = leadership.Page.Locator($".cal-day[data-day='{Today}'] .cal-sitting[data-session='{DemoGatewayFixture.Plenary}'] .cal-link");
        await leadership.Page.SelectOptionAsync("#kind-filter", "plenary");
        await plenary.ClickAsync();
        await Expect(leadership.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/board/{DemoGatewayFixture.Plenary}$"));
        Assert.Empty(leadership.ScriptErrors);

        await using var phone = await chromium.Open(Host, "operator", 390, 844);
        await phone.Go("/calendar");
        await Expect(phone.Page.Locator("#calendar.week-view .cal-day")).ToHaveCountAsync(7);
        await Expect(phone.Page.Locator($".cal-day[data-day='{Today}']")).ToHaveCountAsync(1);
        await Expect(phone.Page.Locator($".cal-day[data-day='{Today}'] .cal-sitting[data-session='{DemoGatewayFixture.Plenary}'] .cal-link"))
            .ToHaveAttributeAsync("href", $"/operator?session={DemoGatewayFixture.Plenary}");
        Assert.Empty(phone.ScriptErrors);
    }

    [Fact]
    public async Task An_admin_imports_a_spreadsheet_after_a_dry_run_and_a_file_with_an_error_writes_nothing()
    {
        var first = NewId("hop-nhap");
        var second = NewId("hop-nhap");
        var day = ParliamentTime.Today(TimeProvider.System).AddDays(3).ToString("yyyy-MM-dd");
        string Csv(string kindOfSecond) =>
            "id,title,kind,format,hallVenueId,scheduledStart,scheduledEnd,connectionPointIds,delegateIds,quorum\r\n" +
            $"{first},Cuộc họp Thường trực Ủy ban Kinh tế và Tài chính,other,inPerson,phong-hop-2-nha-quoc-hoi,{day}T20:00:00+07:00,{day}T21:00:00+07:00,,,\r\n" +
            $"{second},\"Hội nghị trực tuyến lấy ý kiến, dự án luật\",{kindOfSecond},hybrid,hoi-truong-37-hung-vuong,{day}T20:00:00+07:00,{day}T21:00:00+07:00,doan-hue;doan-da-nang,,\r\n";
        var bom = new byte[] { 0xEF, 0xBB, 0xBF };

        await using var admin = await chromium.Open(Host, "admin", 1440, 1000);
        await admin.Go("/admin#imports");
        var form = admin.Page.Locator("#import-form");
        await form.Locator("[name='file']").SetInputFilesAsync(new FilePayload
        {
            Name = "lich-hop.csv", MimeType = "text/csv", Buffer = [.. bom, .. Encoding.UTF8.GetBytes(Csv("hoiNghi"))],
        });
        await form.Locator("[data-action='save']").ClickAsync();
        var report = admin.Page.Locator("#import-report");
        await Expect(report.Locator("[data-result='refused']")).ToBeVisibleAsync();
        await Expect(report.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(report.Locator("tbody tr td").First).ToHaveTextAsync("3");
        await Expect(report.Locator("tbody tr")).ToContainTextAsync("“hoiNghi” không hợp lệ");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Host.Client("admin").GetAsync($"/api/sessions/{first}")).StatusCode);

        await form.Locator("[name='file']").SetInputFilesAsync(new FilePayload
        {
            Name = "lich-hop.csv", MimeType = "text/csv", Buffer = [.. bom, .. Encoding.UTF8.GetBytes(Csv("conference"))],
        });
        await form.Locator("[data-action='dryRun']").ClickAsync();
        await Expect(report.Locator("[data-result='dry-run']")).ToContainTextAsync("tạo 2");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Host.Client("admin").GetAsync($"/api/sessions/{first}")).StatusCode);

        await form.Locator("[data-action='save']").ClickAsync();
        await Expect(report.Locator("[data-result='imported']")).ToContainTextAsync("tạo 2");
        var imported = await (await Host.Client("admin").GetAsync($"/api/sessions/{second}")).Json();
        Assert.Equal("Hội nghị trực tuyến lấy ý kiến, dự án luật", (string)imported["title"]!);
        Assert.Equal(["doan-hue", "doan-da-nang"], imported["connectionPointIds"]!.AsArray().Select(p => (string)p!));

        await form.Locator("[data-action='save']").ClickAsync();
        await Expect(report.Locator("[data-result='imported']")).ToContainTextAsync("giữ nguyên 2");
        Assert.Empty(admin.ScriptErrors);
    }

    [Fact]
    public async Task An_operator_sees_whom_to_call_and_the_backup_link_at_a_point_that_went_offline_and_leadership_never_does()
    {
        var point = SessionOps.Gateway.DemoData.DemoDataSet.DelegationPointId("quang-tri");
        var heartbeat = await Host.Client("operator").PostAsJsonAsync($"/api/connection-points/{point}/heartbeats", new
        {
            seq = 1, sentAt = DateTimeOffset.UtcNow, latencyMs = 40, jitterMs = 3, packetLossPct = 0, bitrateKbps = 2048, audio = true, video = true,
        });
        Assert.True(heartbeat.IsSuccessStatusCode);

        await using var console = await chromium.Open(Host, "operator", 1440, 1000);
        await console.Go($"/operator?session={DemoGatewayFixture.Plenary}");
        var row = console.Page.Locator($"#points-body tr[data-point='{point}']");
        // Silent for longer than Health:OfflineAfter, the point goes offline, and its row says whom to call.
        await Expect(row).ToHaveAttributeAsync("data-health", "offline", new() { Timeout = 20_000 });
        await row.Locator(".point-contacts summary").ClickAsync();
        await Expect(row.Locator(".point-contacts")).ToContainTextAsync("kythuat.quang-tri@quochoi.vn");
        await Expect(row.Locator(".point-contacts")).ToContainTextAsync("Đường truyền dự phòng 4G");
        await Expect(row.Locator(".point-contacts a[href^='tel:']").First).ToBeVisibleAsync();
        Assert.Empty(console.ScriptErrors);

        var leadership = await (await Host.Client("leadership").GetAsync($"/api/connection-points/{point}")).Json();
        Assert.Null(leadership["contacts"]);
        Assert.Null(leadership["backup"]);
    }
}
