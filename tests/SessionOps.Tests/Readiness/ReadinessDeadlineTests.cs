using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Readiness;

public sealed class ReadinessDeadlineTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task A_deadline_set_before_a_restart_of_the_embedded_process_fires_after_it_and_raises_incidents_for_pending_items()
    {
        var path = _directory.File("deadline.db");
        // The deadline is the start itself here, a few seconds from now, and falls while the process is down or just after.
        var settings = new Dictionary<string, string?> { ["Readiness:DeadlineBeforeStart"] = "00:00:00" };
        DateTimeOffset start;
        ApiWorld world;
        await using (var first = await GatewayHost.Start(path, settings: settings))
        {
            world = await new ApiWorld(first.Client("admin")).Create();
            var admin = first.Client("admin");
            // Counted from here, when the session is set, so that a slow machine cannot put the deadline behind us.
            start = DateTimeOffset.Now.AddSeconds(15);
            var response = await admin.PutAsJsonAsync($"/api/sessions/{world.Session}", new
            {
                title = "Phiên họp sắp bắt đầu",
                kind = "standingCommittee",
                format = "hybrid",
                hallVenueId = world.Hall,
                scheduledStart = start.ToString("O"),
                scheduledEnd = start.AddHours(2).ToString("O"),
                connectionPointIds = new[] { world.Point },
                delegateIds = new[] { world.Delegate },
            });
            Assert.True(response.IsSuccessStatusCode);
            var readiness = await (await admin.GetAsync($"/api/sessions/{world.Session}/readiness")).Json();
            Assert.Equal(start.ToUnixTimeSeconds(), DateTimeOffset.Parse((string)readiness["deadline"]!).ToUnixTimeSeconds());
            await first.Client("operator").PostAsJsonAsync($"/api/sessions/{world.Session}/readiness/checks",
                new { targetType = "venue", targetId = world.Hall, item = "avSystem", status = "pass" });
            // Nothing has fired yet: whatever fires, fires in the second process, from the stored reminder.
            Assert.Empty((await (await admin.GetAsync($"/api/incidents?sessionId={world.Session}")).Json()).AsArray());
        }

        await using var second = await GatewayHost.Start(path, settings: settings);

        var incidents = await Eventually.Get(
            async () => (await (await second.Client("leadership").GetAsync($"/api/incidents?sessionId={world.Session}")).Json()).AsArray(),
            list => list.Count >= 4, TimeSpan.FromSeconds(60), "the deadline's incidents");
        Assert.All(incidents, i => Assert.Contains("Readiness deadline passed", (string)i!["summary"]!));
        var hall = incidents.Single(i => (string)i!["targetId"]! == world.Hall && (string)i["kind"]! == "readiness")!;
        Assert.DoesNotContain("avSystem", (string)hall["summary"]!);
        Assert.Contains("interpretation", (string)hall["summary"]!);
        Assert.Contains(incidents, i => (string)i!["kind"]! == "security" && (string)i["targetId"]! == world.Lodging);
        Assert.Contains(incidents, i => (string)i!["targetId"]! == world.Point);
    }

    public void Dispose() => _directory.Dispose();
}
