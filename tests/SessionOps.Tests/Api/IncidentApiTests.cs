using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Api;

public sealed class IncidentApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    /// <summary>A session in preparation whose point degraded: one open technical incident.</summary>
    private async Task<(ApiWorld World, string IncidentId)> DegradedPoint()
    {
        var world = await (await new ApiWorld(Host.Client("admin")).Create()).MoveTo(Host.Client("operator"), "preparing");
        await Heartbeats.Send(Host.Client("operator"), world.Point, Heartbeats.Good(1), Heartbeats.Poor(2), Heartbeats.Poor(3), Heartbeats.Poor(4));
        var incidents = await Eventually.Get(
            async () => (await (await Host.Client("leadership").GetAsync($"/api/incidents?sessionId={world.Session}")).Json()).AsArray(),
            list => list.Count == 1, what: "the incident to be raised");
        return (world, (string)incidents[0]!["id"]!);
    }

    [Fact]
    public async Task A_point_that_degrades_during_preparation_raises_an_incident_with_its_target_and_who_is_affected()
    {
        var (world, id) = await DegradedPoint();

        var incident = await (await Host.Client("leadership").GetAsync($"/api/incidents/{id}")).Json();

        Assert.Equal("connectionPoint", (string)incident["kind"]!);
        Assert.Equal(world.Point, (string)incident["targetId"]!);
        Assert.Equal("minor", (string)incident["severity"]!);
        Assert.Equal("open", (string)incident["state"]!);
        Assert.Equal(1, (int)incident["affectedDelegates"]!);
        Assert.Equal("opened", (string)incident["history"]![0]!["action"]!);
    }

    [Fact]
    public async Task Recovery_is_recorded_on_the_incident_which_stays_open_for_people_to_resolve()
    {
        var (world, id) = await DegradedPoint();

        await Heartbeats.Send(Host.Client("operator"), world.Point, Enumerable.Range(5, 5).Select(s => Heartbeats.Good(s)).ToArray());

        var incident = await Eventually.Get(async () => await (await Host.Client("operator").GetAsync($"/api/incidents/{id}")).Json(),
            i => i["recoveredAt"] is not null, what: "the recovery to be recorded");
        Assert.Equal("open", (string)incident["state"]!);
        Assert.Equal("recovered", (string)incident["history"]!.AsArray().Last()!["action"]!);
    }

    [Fact]
    public async Task An_operator_acknowledges_and_resolves_with_a_note_and_leadership_and_security_cannot()
    {
        var (world, id) = await DegradedPoint();

        await (await Host.Client("leadership").PostAsJsonAsync($"/api/incidents/{id}/acknowledge", new { note = "Đã thấy" })).Problem(403);
        await (await Host.Client("security").PostAsJsonAsync($"/api/incidents/{id}/acknowledge", new { note = "Đã thấy" })).Problem(403);
        await (await Host.Client("leadership").PostAsJsonAsync($"/api/incidents/{id}/resolve", new { note = "Xong" })).Problem(403);

        var acknowledged = await Host.Client("operator").PostAsJsonAsync($"/api/incidents/{id}/acknowledge", new { note = "Đang gọi kỹ thuật viên tại điểm cầu" });
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        var ack = await acknowledged.Json();
        Assert.Equal("acknowledged", (string)ack["state"]!);
        Assert.Equal("Người kiểm thử", (string)ack["acknowledgedBy"]!);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client("operator").PostAsJsonAsync($"/api/incidents/{id}/acknowledge", new { })).StatusCode);

        var resolved = await (await Host.Client("operator").PostAsJsonAsync($"/api/incidents/{id}/resolve", new { note = "Đổi đường truyền dự phòng" })).Json();
        Assert.Equal("resolved", (string)resolved["state"]!);
        Assert.Equal("Đổi đường truyền dự phòng", (string)resolved["resolutionNote"]!);
        Assert.Equal(["opened", "acknowledged", "resolved"], resolved["history"]!.AsArray().Select(e => (string)e!["action"]!).Where(a => a != "recovered"));

        await (await Host.Client("operator").PostAsJsonAsync($"/api/incidents/{id}/resolve", new { note = "Lần nữa" })).Problem(409);
        await (await Host.Client("operator").PostAsJsonAsync($"/api/incidents/{id}/acknowledge", new { })).Problem(409);

        var board = await Eventually.Get(async () => await (await Host.Client("leadership").GetAsync($"/api/sessions/{world.Session}/board")).Json(),
            b => (int)b["incidents"]!["open"]! == 0 && (int)b["incidents"]!["acknowledged"]! == 0, what: "the board to count the incident resolved");
        // Resolving the incident does not mend the link: the point is still not online (degraded, or offline by now).
        Assert.Equal(1, (int)board["connectionPoints"]!["degraded"]! + (int)board["connectionPoints"]!["offline"]!);
    }

    [Fact]
    public async Task Incidents_are_listed_by_session_and_state()
    {
        var (world, id) = await DegradedPoint();
        await Host.Client("operator").PostAsJsonAsync($"/api/incidents/{id}/acknowledge", new { });

        async Task<JsonArray> List(string query) => (await (await Host.Client("leadership").GetAsync($"/api/incidents?{query}")).Json()).AsArray();

        Assert.Single(await List($"sessionId={world.Session}&state=acknowledged"));
        Assert.Empty(await List($"sessionId={world.Session}&state=open"));
        Assert.Contains(await List("state=acknowledged"), i => (string)i!["id"]! == id);
        await (await Host.Client("leadership").GetAsync("/api/incidents?state=closed")).Problem(400);
        await (await Host.Client("leadership").GetAsync("/api/incidents?sessionId=Bad_Id")).Problem(400);
        await (await Host.Client().GetAsync("/api/incidents")).Problem(401);
    }

    [Fact]
    public async Task Handling_an_unknown_incident_is_404()
    {
        await (await Host.Client("operator").PostAsJsonAsync("/api/incidents/inc-none/acknowledge", new { })).Problem(404);
        await (await Host.Client("operator").GetAsync("/api/incidents/inc-none")).Problem(404);
    }

    [Fact]
    public async Task A_scheduled_session_raises_no_incident_when_its_point_degrades()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();

        await Heartbeats.Send(Host.Client("operator"), world.Point, Heartbeats.Good(1), Heartbeats.Poor(2), Heartbeats.Poor(3), Heartbeats.Poor(4));
        var board = await Eventually.Get(async () => await (await Host.Client("leadership").GetAsync($"/api/sessions/{world.Session}/board")).Json(),
            b => (int)b["connectionPoints"]!["degraded"]! == 1);

        Assert.Equal(0, (int)board["incidents"]!["open"]!);
        Assert.Empty((await (await Host.Client("leadership").GetAsync($"/api/incidents?sessionId={world.Session}")).Json()).AsArray());
    }

    [Fact]
    public async Task The_day_board_lists_the_days_sessions_and_a_session_board_is_404_when_unknown()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();

        var day = (await (await Host.Client("leadership").GetAsync($"/api/board?date={ApiWorld.Day:yyyy-MM-dd}")).Json()).AsArray();

        Assert.Contains(day, b => (string)b!["sessionId"]! == world.Session);
        Assert.Empty((await (await Host.Client("leadership").GetAsync($"/api/board?date={ApiWorld.Day.AddDays(2):yyyy-MM-dd}")).Json()).AsArray());
        await (await Host.Client("leadership").GetAsync("/api/board?date=tomorrow")).Problem(400);
        await (await Host.Client("leadership").GetAsync("/api/sessions/none/board")).Problem(404);
    }

    [Fact]
    public async Task A_route_issue_reported_twice_is_one_incident_and_after_it_is_resolved_the_next_issue_opens_another()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var security = Host.Client("security");
        await security.PutAsJsonAsync($"/api/delegates/{world.Delegate}/route", new { destinationVenueId = world.Hall, waypoints = new[] { new { name = "Cổng phía Tây" } } });
        async Task<JsonNode[]> RouteIncidents() =>
            [.. (await (await Host.Client("leadership").GetAsync($"/api/incidents?sessionId={world.Session}")).Json()).AsArray()
                .Where(i => (string)i!["targetType"]! == "route").Select(i => i!)];

        // Two officers report the same issue (or one request is tried again without its key): still one incident.
        foreach (var note in new[] { "Đường bị phong tỏa", "Vẫn còn phong tỏa" })
        {
            Assert.Equal(HttpStatusCode.OK, (await security.PostAsJsonAsync($"/api/delegates/{world.Delegate}/route/checks", new { status = "issue", note })).StatusCode);
        }

        var first = Assert.Single(await RouteIncidents());
        Assert.Equal("issue", (string)first["cause"]!);
        Assert.Equal(HttpStatusCode.OK, (await security.PostAsJsonAsync($"/api/incidents/{first["id"]}/resolve", new { note = "Đã thông đường" })).StatusCode);

        await security.PostAsJsonAsync($"/api/delegates/{world.Delegate}/route/checks", new { status = "issue", note = "Lại phong tỏa" });

        var both = await RouteIncidents();
        Assert.Equal(2, both.Length);
        Assert.Single(both, i => (string)i["state"]! == "open");
        Assert.NotEqual((string)both[0]["id"]!, (string)both[1]["id"]!);
    }
}
