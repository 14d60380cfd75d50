using System.Globalization;
using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Notifications;

/// <summary>A sitting still not ready at its readiness deadline tells the channels that asked, once.</summary>
public sealed class ReadinessNoGoNotificationTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private WebhookReceiver _receiver = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.Start();
        // A sitting that starts in a minute has its deadline five seconds from now.
        _gateway = await GatewayHost.Start(_directory.File("gateway.db"), settings: new Dictionary<string, string?>
        {
            ["Readiness:DeadlineBeforeStart"] = "00:00:55",
            ["Notifications:PollInterval"] = "00:00:00.100",
        });
    }

    [Fact]
    public async Task A_sitting_not_ready_at_its_deadline_sends_readinessNoGo_once_to_the_channels_of_its_provinces()
    {
        var admin = _gateway.Client("admin");
        var world = await new ApiWorld(admin, "Cà Mau").Create();
        foreach (var (id, provinces) in new[] { ("ca-mau", new[] { "Cà Mau" }), ("hue", new[] { "Huế" }) })
        {
            var put = await admin.PutAsJsonAsync($"/api/notification-channels/{id}", new
            {
                kind = "webhook", target = new Uri(_receiver.Url, $"/hooks/{id}").ToString(), secret = "mot-bi-mat-du-dai-16", events = new[] { "readinessNoGo" }, provinces,
            });
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        var start = DateTimeOffset.UtcNow.AddMinutes(1);
        var body = new
        {
            title = "Hội nghị trực tuyến toàn quốc",
            kind = "conference",
            format = "online",
            hallVenueId = world.Hall,
            scheduledStart = start.ToString("O", CultureInfo.InvariantCulture),
            scheduledEnd = start.AddHours(2).ToString("O", CultureInfo.InvariantCulture),
            connectionPointIds = new[] { world.Point },
            delegateIds = new[] { world.Delegate },
        };
        var sitting = await admin.PutAsJsonAsync($"/api/sessions/{world.Session}-soon", body);
        Assert.True(sitting.IsSuccessStatusCode, await sitting.Content.ReadAsStringAsync());

        var told = await Eventually.Get(() => Task.FromResult(_receiver.Requests.Where(r => r.Header("X-SessionOps-Event") == "readinessNoGo").ToArray()),
            list => list.Length >= 1, TimeSpan.FromSeconds(90), "readinessNoGo at the deadline");
        // Only the channel of the sitting's province hears of it.
        var notification = Assert.Single(told).Json;
        Assert.Equal($"{world.Session}-soon", (string)notification["session"]!["id"]!);
        Assert.Equal("major", (string)notification["severity"]!);
        Assert.True((int)notification["session"]!["blocking"]! > 0);
        Assert.Equal("/hooks/ca-mau", told[0].Path);
        Assert.Equal($"nogo-{world.Session}-soon-", told[0].Header("X-SessionOps-Delivery")[..($"nogo-{world.Session}-soon-".Length)]);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _receiver.DisposeAsync();
        _directory.Dispose();
    }
}
