using Microsoft.Playwright;
using SessionOps.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionOps.Tests.Pages;

/// <summary>
/// Notifications in the browser: the operator console alerts (sound, system notification, a count in the title of a
/// tab in the background) for a new major or critical incident, and an admin sets up a channel on /admin and sees
/// how its deliveries went.
/// </summary>
[Collection(PagesCollection.Name)]
[Trait("Needs", "Chromium")]
public sealed class NotificationPageTests(ChromiumFixture chromium, DemoGatewayFixture gateway) : IClassFixture<DemoGatewayFixture>
{
    private GatewayHost Host => gateway.Host;

    /// <summary>
    /// What the page asks of the browser, recorded: each system notification made, each tone started, and a tab that
    /// the test can send to the background (headless Chromium has no other tab to switch to).
    /// </summary>
    private const string Recorder = """
        window.__notifications = [];
        window.__tones = 0;
        const RealNotification = window.Notification;
        window.Notification = class extends RealNotification {
          constructor(title, options) { super(title, options); window.__notifications.push({ title, body: options?.body, tag: options?.tag }); }
        };
        const start = OscillatorNode.prototype.start;
        OscillatorNode.prototype.start = function (...args) { window.__tones += 1; return start.apply(this, args); };
        let hidden = false;
        Object.defineProperty(document, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible') });
        Object.defineProperty(document, 'hidden', { get: () => hidden });
        window.__setHidden = (value) => { hidden = value; document.dispatchEvent(new Event('visibilitychange')); };
        """;

    [Fact]
    public async Task The_operator_console_alerts_once_when_an_incident_becomes_major_and_counts_it_in_the_title_of_a_background_tab()
    {
        var world = await (await new ApiWorld(Host.Client("admin")).Create()).MoveTo(Host.Client("operator"), "preparing");
        await using var console = await chromium.Open(Host, "operator");
        await console.Context.GrantPermissionsAsync(["notifications"], new() { Origin = Host.BaseAddress.ToString().TrimEnd('/') });
        await console.Context.AddInitScriptAsync(Recorder);
        await console.Go($"/operator?session={world.Session}");

        var toggle = console.Page.Locator("#alerts-toggle");
        await Expect(toggle).ToHaveAttributeAsync("data-state", "off");
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        var title = await console.Page.TitleAsync();
        await console.Page.EvaluateAsync("() => window.__setHidden(true)");

        // A degraded link: a minor incident, shown but not announced.
        var agent = Host.Client("operator");
        await Heartbeats.Send(agent, world.Point, Heartbeats.Good(1), Heartbeats.Poor(2), Heartbeats.Poor(3), Heartbeats.Poor(4));
        var card = console.Page.Locator("#incident-list [data-incident]").First;
        await Expect(card).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("severity-minor"));
        Assert.Equal(0, await console.Page.EvaluateAsync<int>("() => window.__notifications.length"));
        Assert.Equal(title, await console.Page.TitleAsync());

        // The link is lost: the same incident becomes major, and the console says so once, in every way it can.
        await Heartbeats.Send(agent, world.Point, Heartbeats.Dead(5), Heartbeats.Dead(6), Heartbeats.Dead(7));
        await Expect(card).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("severity-major"));
        await Expect(console.Page).ToHaveTitleAsync($"(1) {title}");
        var shown = System.Text.Json.Nodes.JsonNode.Parse(await console.Page.EvaluateAsync<string>("() => JSON.stringify(window.__notifications)"))!.AsArray();
        var notification = Assert.Single(shown)!;
        Assert.Equal("Sự cố quan trọng: Đoàn ĐBQH Huế", (string)notification["title"]!);
        Assert.Equal(await card.GetAttributeAsync("data-incident"), (string)notification["tag"]!);
        Assert.Equal(1, await console.Page.EvaluateAsync<int>("() => window.__tones"));

        // Back to the tab: the count goes.
        await console.Page.EvaluateAsync("() => window.__setHidden(false)");
        await Expect(console.Page).ToHaveTitleAsync(title);
        Assert.Empty(console.ScriptErrors);
    }

    [Fact]
    public async Task An_admin_sets_up_a_webhook_channel_on_admin_sees_a_refusal_beside_its_field_and_a_test_that_fails_shown_with_why()
    {
        await using var admin = await chromium.Open(Host, "admin", 1440, 1000);
        var page = admin.Page;
        await admin.Go("/admin#channels");
        await page.ClickAsync("#section-channels [data-action='new']");
        var form = page.Locator("#channel-form");
        await form.Locator("[name='id']").FillAsync("truc-ban-hue");
        await form.Locator("[name='target']").FillAsync("ftp://ops.example.vn/hooks");
        await form.Locator("[name='secret']").FillAsync("ngắn");
        await form.Locator("[data-action='save']").ClickAsync();
        await Expect(form.Locator("[data-error-for='target']")).ToContainTextAsync("Webhook cần địa chỉ http(s)");
        await Expect(form.Locator("[data-error-for='secret']")).ToContainTextAsync("Khóa ký dài từ 16 đến 200 ký tự.");

        // A receiver that is not there: every attempt fails, and the admin reads why.
        await form.Locator("[name='target']").FillAsync($"http://127.0.0.1:{FreePorts.Next()}/hooks/sessionops");
        await form.Locator("[name='secret']").FillAsync("bí-mật-đủ-dài-của-tỉnh-Huế");
        await form.Locator("[name='provinces-search']").FillAsync("hue");
        await form.Locator(".pick-list[data-field='provinces'] .pick-item:not([hidden]) input").First.CheckAsync();
        await form.Locator("[data-action='save']").ClickAsync();
        var row = page.Locator("#section-channels tr[data-id='truc-ban-hue']");
        await Expect(row).ToContainTextAsync("Huế");
        await Expect(row).ToContainTextAsync("Chưa gửi lần nào");
        var saved = await (await Host.Client("admin").GetAsync("/api/notification-channels/truc-ban-hue")).Json();
        Assert.Equal(["Huế"], saved["provinces"]!.AsArray().Select(p => (string)p!));
        Assert.True((bool)saved["hasSecret"]!);

        await row.Locator("[data-action='test']").ClickAsync();
        await Expect(row.Locator(".status-failing")).ToHaveTextAsync("Gửi không được", new() { Timeout = 20_000 });
        await Expect(row.Locator(".channel-failure")).ToContainTextAsync("could not be reached");
        Assert.Empty(admin.ScriptErrors);
    }
}
