using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Reports;

/// <summary>A sitting run through the API and closed: its report as the record says, and never again different.</summary>
public sealed class SittingReportApiTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static readonly Dictionary<string, string?> Settings = new() { ["Health:OfflineAfter"] = "00:00:02" };

    [Fact]
    public async Task A_closed_sittings_report_tells_its_outage_and_incident_and_stays_byte_for_byte_the_same_after_flaps_and_a_restart()
    {
        var path = _directory.File("report.db");
        ApiWorld world;
        string closed;
        await using (var host = await GatewayHost.Start(path, settings: Settings))
        {
            var admin = host.Client("admin");
            var @operator = host.Client("operator");
            world = await new ApiWorld(admin).Create();
            // A name a spreadsheet would take for a formula.
            Assert.True((await admin.PutAsJsonAsync($"/api/connection-points/{world.Point}",
                new { name = "=HYPERLINK(\"http://x\")", province = "Huế", kind = "provincialDelegation" })).IsSuccessStatusCode);

            var notStarted = await (await @operator.GetAsync($"/api/sessions/{world.Session}/report")).Json();
            Assert.Equal("notStarted", (string)notStarted["status"]!);

            await Heartbeats.Send(@operator, world.Point, Heartbeats.Good(1));
            await world.MoveTo(@operator, "preparing", "ready");
            await world.OverrideToLive();

            // The point falls silent: offline, and an incident opens; an operator takes it and resolves it once it is back.
            var incident = await Eventually.Get(
                async () => (await (await @operator.GetAsync($"/api/incidents?sessionId={world.Session}")).Json()).AsArray(),
                incidents => incidents.Count > 0, TimeSpan.FromSeconds(20), "an incident about the silent point");
            var incidentId = (string)incident[0]!["id"]!;
            Assert.True((await @operator.PostAsJsonAsync($"/api/incidents/{incidentId}/acknowledge", new { note = "Đang gọi kỹ thuật viên" })).IsSuccessStatusCode);
            // Out for a couple of seconds more before the link comes back.
            await Task.Delay(TimeSpan.FromSeconds(2));
            await Heartbeats.Send(@operator, world.Point, [.. Enumerable.Range(2, 8).Select(seq => Heartbeats.Good(seq))]);
            await Eventually.Get(async () => (string)(await (await @operator.GetAsync($"/api/connection-points/{world.Point}")).Json())["health"]!,
                health => health == "online", TimeSpan.FromSeconds(10), "the point back online");
            Assert.True((await @operator.PostAsJsonAsync($"/api/incidents/{incidentId}/resolve", new { note = "Đã khôi phục" })).IsSuccessStatusCode);
            await world.MoveTo(@operator, "adjourned", "closed");

            var response = await host.Client("leadership").GetAsync($"/api/sessions/{world.Session}/report");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            closed = await response.Content.ReadAsStringAsync();
            var report = JsonNode.Parse(closed)!;
            Assert.Equal("final", (string)report["status"]!);
            Assert.Contains(report["phases"]!.AsArray(), p => (string)p!["phase"]! == "live" && (bool)p["override"]! && (string)p["reason"]! == "Kiểm thử");
            var point = report["connectionPoints"]!.AsArray().Single()!;
            Assert.True((long)point["offlineSeconds"]! >= 2, closed);
            Assert.True((double)point["availabilityPct"]! is > 0 and < 100, closed);
            Assert.Contains(point["outages"]!.AsArray(), o => (string)o!["health"]! == "offline");
            var handled = report["incidents"]!.AsArray().Single(i => (string)i!["id"]! == incidentId)!;
            Assert.NotNull(handled["secondsToAcknowledge"]);
            Assert.NotNull(handled["secondsToResolve"]);
            Assert.True((long)handled["secondsToResolve"]! >= (long)handled["secondsToAcknowledge"]!);

            // The point flaps again after the sitting closed: silent, then back.
            await Task.Delay(TimeSpan.FromSeconds(3));
            await Heartbeats.Send(@operator, world.Point, [.. Enumerable.Range(20, 6).Select(seq => Heartbeats.Good(seq))]);
            Assert.Equal(closed, await (await host.Client("leadership").GetAsync($"/api/sessions/{world.Session}/report")).Content.ReadAsStringAsync());

            var csv = await host.Client("operator").GetAsync($"/api/sessions/{world.Session}/report.csv");
            Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
            var bytes = await csv.Content.ReadAsByteArrayAsync();
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
            var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("id,name,province,availabilityPct,degradedSeconds,offlineSeconds,outages", lines[0]);
            Assert.StartsWith($"{world.Point},\"'=HYPERLINK(\"\"http://x\"\")\",Huế,", lines[1]);
        }

        // Restarted with another readiness deadline: a report computed again would say another deadline; the kept one does not.
        await using var restarted = await GatewayHost.Start(path, settings: new Dictionary<string, string?>(Settings)
        {
            ["Readiness:DeadlineBeforeStart"] = "-3.00:00:00",
        });
        Assert.Equal(closed, await (await restarted.Client("leadership").GetAsync($"/api/sessions/{world.Session}/report")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_report_of_an_unknown_sitting_is_404()
    {
        await using var host = await GatewayHost.Start(_directory.File("unknown.db"));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client("leadership").GetAsync("/api/sessions/khong-co/report")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client("leadership").GetAsync("/api/sessions/khong-co/report.csv")).StatusCode);
    }

    public void Dispose() => _directory.Dispose();
}
