using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SessionOps.Gateway.DemoData;
using SessionOps.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionOps.Tests.Pages;

/// <summary>
/// The operator runs a sitting of the demo parliament from the console alone, in a real Chromium: phases with their
/// confirmations, the admin's override of the readiness gate, a move in time (lùi), delegates marked online at a point.
/// </summary>
[Collection(PagesCollection.Name)]
[Trait("Needs", "Chromium")]
public sealed class OperatorRunsTheSittingPageTests(ChromiumFixture chromium, DemoGatewayFixture gateway) : IClassFixture<DemoGatewayFixture>
{
    private GatewayHost Host => gateway.Host;

    private static IReadOnlyList<(string Id, SessionOps.Sessions.SessionSpec Spec)> Today => DemoGatewayFixture.Today;

    private static async Task Move(BrowserSession console, string to, string? reason = null, bool @override = false)
    {
        await console.Page.ClickAsync($"#phase-controls button[data-move='{to}']");
        var dialog = console.Page.Locator("#phase-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        if (@override)
        {
            await dialog.Locator("input[name='override']").CheckAsync();
        }

        if (reason is not null)
        {
            await dialog.Locator("textarea[name='reason']").FillAsync(reason);
        }

        await dialog.Locator("button[data-action='confirm']").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(console.Page.Locator("#session-head .phase")).ToHaveAttributeAsync("data-phase", to);
    }

    [Fact]
    public async Task An_operator_prepares_a_sitting_an_admin_opens_it_past_the_gate_and_the_operator_suspends_resumes_and_adjourns_it()
    {
        var session = Today[0].Id;
        await using var console = await chromium.Open(Host, "operator", 1440, 900);
        await console.Go($"/operator?session={session}");

        await Move(console, "preparing");
        await Move(console, "ready");

        // Readiness is not go: the console says so before, and the server's refusal after, in the operator's language.
        await console.Page.ClickAsync("#phase-controls button[data-move='live']");
        var gate = console.Page.Locator("#phase-dialog");
        await Expect(gate).ToContainTextAsync("Chưa đủ điều kiện sẵn sàng");
        await gate.Locator("button[data-action='confirm']").ClickAsync();
        await Expect(gate.Locator(".dialog-error")).ToContainTextAsync("Trạng thái hiện tại không cho phép việc này.");
        await gate.Locator("button[data-action='cancel']").ClickAsync();
        await Expect(console.Page.Locator("#session-head .phase")).ToHaveAttributeAsync("data-phase", "ready");

        await using (var admin = await chromium.Open(Host, "admin", 1440, 900))
        {
            await admin.Go($"/operator?session={session}");
            await admin.Page.ClickAsync("#phase-controls button[data-move='live']");
            // An override must say why: without a reason the dialog stays and says so.
            await admin.Page.Locator("#phase-dialog input[name='override']").CheckAsync();
            await admin.Page.Locator("#phase-dialog button[data-action='confirm']").ClickAsync();
            await Expect(admin.Page.Locator("#phase-dialog .dialog-error")).ToContainTextAsync("lý do");
            await admin.Page.Locator("#phase-dialog button[data-action='cancel']").ClickAsync();
            await Move(admin, "live", "Lãnh đạo Văn phòng đồng ý khai mạc đúng giờ", @override: true);
            Assert.Empty(admin.ScriptErrors);
        }

        // The operator's console follows the admin's move live, and offers what comes next.
        await Expect(console.Page.Locator("#session-head .phase")).ToHaveAttributeAsync("data-phase", "live");
        await Move(console, "suspended", "Mất tín hiệu tại điểm cầu Nhà Quốc hội");
        await Expect(console.Page.Locator("#phase-controls button[data-move='live']")).ToHaveTextAsync("Tiếp tục họp");
        await Move(console, "live");
        await Move(console, "adjourned");

        await console.Page.ClickAsync("#history-summary");
        var entries = console.Page.Locator("#history-list li");
        await Expect(entries).ToHaveCountAsync(6);
        await Expect(entries.Nth(0)).ToContainTextAsync("Đang họp → Đã kết thúc phiên");
        await Expect(console.Page.Locator("#history-list")).ToContainTextAsync("vượt cổng sẵn sàng");
        await Expect(console.Page.Locator("#history-list")).ToContainTextAsync("bởi Nguyễn Văn Quản Trị");
        await Expect(console.Page.Locator("#history-list")).ToContainTextAsync("“Mất tín hiệu tại điểm cầu Nhà Quốc hội”");

        var stored = await (await Host.Client("leadership").GetAsync($"/api/sessions/{session}")).Json();
        Assert.Equal("adjourned", (string)stored["phase"]!);
        Assert.Equal(["preparing", "ready", "live", "suspended", "live", "adjourned"], stored["history"]!.AsArray().Select(h => (string)h!["to"]!));
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task An_operator_reschedules_a_sitting_to_tomorrow_and_tomorrows_console_lists_it_with_the_move_in_its_history()
    {
        var session = Today[2].Id;
        var tomorrow = ParliamentTime.Today(TimeProvider.System).AddDays(1).ToString("yyyy-MM-dd");
        await using var console = await chromium.Open(Host, "operator", 1440, 900);
        await console.Go($"/operator?session={session}");

        await console.Page.ClickAsync("#phase-controls button[data-action='reschedule']");
        var dialog = console.Page.Locator("#reschedule-dialog");
        await dialog.Locator("input[name='start']").FillAsync($"{tomorrow}T09:00");
        await dialog.Locator("input[name='end']").FillAsync($"{tomorrow}T08:00");
        await dialog.Locator("textarea[name='reason']").FillAsync("Lùi theo đề nghị của Ủy ban");
        await dialog.Locator("button[data-action='confirm']").ClickAsync();
        // The end before the start: refused, said in Vietnamese, and the sitting has not moved.
        await Expect(dialog.Locator(".dialog-error")).ToContainTextAsync("Thông tin chưa hợp lệ.");
        await dialog.Locator("input[name='end']").FillAsync($"{tomorrow}T11:00");
        await dialog.Locator("button[data-action='confirm']").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        await Expect(console.Page.Locator("#history-summary")).ToContainTextAsync("(1)");
        await console.Page.ClickAsync("#history-summary");
        await Expect(console.Page.Locator("#history-list li").First).ToContainTextAsync("Dời lịch");
        await Expect(console.Page.Locator("#history-list li").First).ToContainTextAsync("“Lùi theo đề nghị của Ủy ban”");

        await console.Go($"/operator?date={tomorrow}");
        await Expect(console.Page.Locator($"#session-select option[value='{session}']")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator("#day-picker input[name='date']")).ToHaveValueAsync(tomorrow);
        var moved = await (await Host.Client("leadership").GetAsync($"/api/sessions/{session}")).Json();
        Assert.Equal(DateTimeOffset.Parse($"{tomorrow}T09:00:00+07:00"), DateTimeOffset.Parse((string)moved["scheduledStart"]!));
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task An_operator_marks_one_delegate_then_the_whole_delegation_online_and_the_board_counts_them()
    {
        // Tomorrow's plenary: its attendance is prepared today, on tomorrow's console.
        var tomorrow = ParliamentTime.Today(TimeProvider.System).AddDays(1);
        var session = DemoDataSet.SessionsOn(tomorrow)[0].Id;
        var point = DemoDataSet.DelegationPointId("hue");
        var delegation = DemoDataSet.Delegates().Where(d => d.Spec.Delegation == "Huế").ToArray();
        await using var console = await chromium.Open(Host, "operator", 1440, 900);
        await console.Go($"/operator?date={tomorrow:yyyy-MM-dd}&session={session}&view=attendance");

        var group = console.Page.Locator($".att-group[data-point='{point}']");
        await Expect(group.Locator(".att-row")).ToHaveCountAsync(delegation.Length);
        var first = group.Locator($".att-row[data-delegate='{delegation[0].Id}']");
        await first.Locator("button[data-action='online']").ClickAsync();
        await Expect(first).ToHaveAttributeAsync("data-status", "online");
        await Expect(group.Locator(".att-count")).ToHaveTextAsync($"1/{delegation.Length} trực tuyến");

        await group.Locator("button[data-action='mark-all']").ClickAsync();

        await Expect(group.Locator(".att-count")).ToHaveTextAsync($"{delegation.Length}/{delegation.Length} trực tuyến");
        await Expect(group.Locator("button[data-action='mark-all']")).ToBeDisabledAsync();
        var board = await Eventually.Get(async () => await (await Host.Client("leadership").GetAsync($"/api/sessions/{session}/board")).Json(),
            b => (int)b["attendance"]!["online"]! == delegation.Length, what: "the board to count the delegation online");
        Assert.Equal(delegation.Length, (int)board["attendance"]!["quorum"]!["present"]!);
        Assert.Empty(console.ScriptErrors);
    }
}
