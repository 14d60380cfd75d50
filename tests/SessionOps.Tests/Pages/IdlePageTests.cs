using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionOps.Tests.Pages;

/// <summary>A page that is open and left alone asks the server for nothing: what it shows live is pushed to it.</summary>
[Collection(PagesCollection.Name)]
[Trait("Needs", "Chromium")]
public sealed class IdlePageTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.Start(_directory.File("idle.db"), settings: new Dictionary<string, string?>
    {
        ["DemoData"] = "true",
        ["Push:MetricsInterval"] = "00:00:01",
    });

    [Fact]
    public async Task An_idle_operator_console_makes_no_api_call_and_still_shows_new_figures()
    {
        var plenary = DemoGatewayFixture.Plenary;
        await using var session = await chromium.Open(_host, "operator");
        var page = session.Page;
        await session.Go($"/operator?session={plenary}");
        var row = page.Locator("tr[data-point='doan-hue']");
        await Expect(row).ToBeVisibleAsync();
        // The sparklines' history is read once, after the hub subscription: only then is the console idle.
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-samples", "loaded");
        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);

        var requests = session.RecordApiRequests();

        // The first heartbeat changes the point's health (pushed at once); the second changes only a figure, which
        // reaches the page with the next live metrics.
        var agent = _host.Client("operator");
        await Heartbeats.Send(agent, "doan-hue", Heartbeats.Good(1));
        await agent.PostAsJsonAsync("/api/connection-points/doan-hue/heartbeats", new
        {
            seq = 2, sentAt = DateTimeOffset.UtcNow.ToString("O"), latencyMs = 123, jitterMs = 4, packetLossPct = 0, bitrateKbps = 2048, audio = true, video = true,
        });
        await Expect(row).ToContainTextAsync("123");

        // Another operator passes the point's dry run: the checklist shows it, from the push alone.
        await page.ClickAsync("#tab-checklist");
        var check = await agent.PostAsJsonAsync($"/api/sessions/{plenary}/readiness/checks",
            new { targetType = "connectionPoint", targetId = "doan-hue", item = "dryRun", status = "pass" });
        Assert.True(check.IsSuccessStatusCode, await check.Content.ReadAsStringAsync());
        await Expect(page.Locator("[data-target='doan-hue'][data-item='dryRun']").First).ToHaveAttributeAsync("data-status", "pass");

        // Several more rounds of live metrics pass; the page stays silent.
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-loaded", "true");
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.True(requests().Length == 0, $"the idle console asked: {string.Join(", ", requests())}");

        Assert.Empty(session.ScriptErrors);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _directory.Dispose();
    }
}
