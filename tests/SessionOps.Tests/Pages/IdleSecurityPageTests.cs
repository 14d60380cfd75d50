using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionOps.Tests.Pages;

/// <summary>The security console follows marks and sweeps from the pushes alone: no re-read after each change.</summary>
[Collection(PagesCollection.Name)]
[Trait("Needs", "Chromium")]
public sealed class IdleSecurityPageTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.Start(_directory.File("idle-security.db"), settings: new Dictionary<string, string?>
    {
        ["DemoData"] = "true",
        // Tomorrow's plenary is the sitting the sweep speaks for, whatever the hour the test runs at (today's may be over).
        ["Security:SweepValidity"] = "2.00:00:00",
    });

    [Fact]
    public async Task Arrivals_and_sweeps_made_elsewhere_appear_on_the_security_console_without_any_api_call()
    {
        var tomorrow = ParliamentTime.Today(TimeProvider.System).AddDays(1);
        var plenary = SessionOps.Gateway.DemoData.DemoDataSet.SessionsOn(tomorrow)[0].Id;
        var admin = _host.Client("admin");
        var delegateId = (string)(await (await admin.GetAsync($"/api/sessions/{plenary}")).Json())["delegateIds"]![0]!;
        var hall = (string)(await (await admin.GetAsync($"/api/sessions/{plenary}")).Json())["hallVenueId"]!;

        await using var session = await chromium.Open(_host, "security");
        var page = session.Page;
        // The hub's answers (SignalR completions) seen by the page: its Subscribe is one, and marks are pushed only after it.
        var answers = 0;
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            if (frame.Text?.Contains("\"type\":3", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref answers);
            }
        };
        await session.Go($"/security?session={plenary}&date={tomorrow:yyyy-MM-dd}&view=arrivals");
        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);
        await Eventually.Get(() => Task.FromResult(Volatile.Read(ref answers)), n => n >= 1, what: "the page's subscription to be answered");
        var requests = session.RecordApiRequests();

        // Another officer at the door, and a sweep of the hall: the board moves, the marks come pushed.
        var door = _host.Client("security");
        Assert.True((await door.PostAsJsonAsync($"/api/sessions/{plenary}/attendance", new { delegateId, status = "inHall" })).IsSuccessStatusCode);
        Assert.True((await door.PostAsJsonAsync($"/api/venues/{hall}/sweeps", new { status = "clear" })).IsSuccessStatusCode);

        await Expect(page.Locator($"#arrivals-body tr[data-delegate='{delegateId}']")).ToHaveAttributeAsync("data-mark", "inHall");
        await page.ClickAsync("#tab-venues");
        await Expect(page.Locator($"#view-venues [data-venue='{hall}']")).ToHaveAttributeAsync("data-status", "ok");

        Assert.True(requests().Length == 0, $"the console read again: {string.Join(", ", requests())}");

        Assert.Empty(session.ScriptErrors);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _directory.Dispose();
    }
}
