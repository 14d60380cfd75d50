using SessionOps.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionOps.Tests.Pages;

/// <summary>A wall screen outlives the server: it says when the link is lost and comes back by itself.</summary>
[Collection(PagesCollection.Name)]
[Trait("Needs", "Chromium")]
public sealed class ReconnectPageTests(ChromiumFixture chromium) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task After_the_server_stops_and_starts_again_the_page_shows_the_lost_connection_and_recovers_by_itself()
    {
        var path = _directory.File("restart.db");
        var port = FreePorts.Next();
        var settings = new Dictionary<string, string?> { ["DemoData"] = "true", ["Health:OfflineAfter"] = "00:00:30" };
        var first = await GatewayHost.Start(path, settings: settings, port: port);
        await using var wall = await chromium.Open(first, "leadership", 1920, 1080);
        await wall.Go($"/board/{DemoGatewayFixture.Plenary}");
        await Expect(wall.Page.Locator(".tile")).ToHaveCountAsync(37);
        var banner = wall.Page.Locator("#conn-banner");
        await Expect(banner).ToBeHiddenAsync();

        await first.DisposeAsync();

        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToHaveAttributeAsync("data-state", "lost");

        await using var second = await GatewayHost.Start(path, settings: settings, port: port);

        await Expect(banner).ToHaveAttributeAsync("data-state", "restored", new() { Timeout = 30_000 });
        // Subscribed again: a change on the new server reaches the tile without a reload.
        await Heartbeats.Send(second.Client("operator"), "doan-can-tho", Heartbeats.Good(1));
        await Expect(wall.Page.Locator(".tile[data-point='doan-can-tho']")).ToHaveAttributeAsync("data-health", "online");
        await Expect(wall.Page.Locator("[data-total='online'] strong")).ToHaveTextAsync("1");
        await Expect(banner).ToBeHiddenAsync();
        Assert.Empty(wall.ScriptErrors);
    }

    public void Dispose() => _directory.Dispose();
}
