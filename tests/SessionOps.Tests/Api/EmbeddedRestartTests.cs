using System.Net;
using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Api;

/// <summary>The embedded process stopped and started again on the same SQLite file.</summary>
public sealed class EmbeddedRestartTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task What_was_written_survives_a_restart_of_the_embedded_process()
    {
        var path = _directory.File("restart.db");
        ApiWorld world;
        await using (var first = await GatewayHost.Start(path))
        {
            world = await new ApiWorld(first.Client("admin")).Create();
            var moved = await first.Client("operator").PostAsJsonAsync($"/api/sessions/{world.Session}/phase", new { phase = "preparing" });
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        await using var second = await GatewayHost.Start(path);
        var admin = second.Client("admin");

        var session = await (await admin.GetAsync($"/api/sessions/{world.Session}")).Json();
        Assert.Equal("preparing", (string)session["phase"]!);
        Assert.Equal("preparing", (string)session["history"]![0]!["to"]!);
        var listed = (await (await admin.GetAsync("/api/delegates")).Json()).AsArray();
        Assert.Contains(listed, d => (string)d!["id"]! == world.Delegate);
    }

    [Fact]
    public async Task The_demo_data_is_loaded_on_the_first_start_and_not_again()
    {
        var path = _directory.File("demo.db");
        var settings = new Dictionary<string, string?> { ["DemoData"] = "true" };
        int sessions;
        await using (var first = await GatewayHost.Start(path, settings: settings))
        {
            var leadership = first.Client("leadership");
            var today = (await (await leadership.GetAsync("/api/sessions")).Json()).AsArray();
            // Today holds a day to run (the hybrid plenary, two Standing Committee sittings) among the day's other meetings.
            foreach (var (id, _) in SessionOps.Gateway.DemoData.DemoDataSet.SessionsOn(ParliamentTime.Today(TimeProvider.System)))
            {
                Assert.Contains(today, s => (string)s!["id"]! == id);
            }

            Assert.Single(today, s => (string)s!["kind"]! == "plenary" && (string)s["format"]! == "hybrid");
            Assert.InRange(today.Count(s => (string)s!["kind"]! == "standingCommittee"), 2, 3);
            var month = await (await leadership.GetAsync("/api/calendar")).Json();
            sessions = month["sittings"]!.AsArray().Count;
            Assert.InRange(sessions, 150, 300);

            var points = (await (await leadership.GetAsync("/api/connection-points")).Json()).AsArray();
            Assert.Equal(34, points.Count(p => (string)p!["kind"]! == "provincialDelegation"));
            Assert.Equal(2, points.Count(p => (string)p!["kind"]! == "regionalOffice"));
            var delegates = (await (await leadership.GetAsync("/api/delegates")).Json()).AsArray();
            Assert.InRange(delegates.Count, 450, 550);

            var plenary = (string)today.Single(s => (string)s!["kind"]! == "plenary")!["id"]!;
            var routes = (await (await first.Client("security").GetAsync($"/api/sessions/{plenary}/routes")).Json()).AsArray();
            Assert.True(routes.Count(r => r!["route"] is not null) > 400, "most delegates lodge near the hall and have a route");
            var readiness = await (await leadership.GetAsync($"/api/sessions/{plenary}/readiness")).Json();
            Assert.Contains(readiness["items"]!.AsArray(), i => (string)i!["targetId"]! == "nha-an-nha-quoc-hoi" && (string)i["item"]! == "securitySweep");
        }

        await using var second = await GatewayHost.Start(path, settings: settings);
        var again = await (await second.Client("leadership").GetAsync("/api/calendar")).Json();
        Assert.Equal(sessions, again["sittings"]!.AsArray().Count);
    }

    public void Dispose() => _directory.Dispose();
}
