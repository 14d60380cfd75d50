using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Security;

/// <summary>A Gateway where a route check holds eight seconds and points go offline after four: short, yet with room for a slow machine.</summary>
public sealed class SecurityGatewayFixture : GatewayFixture
{
    public static readonly TimeSpan RouteCheckValidity = TimeSpan.FromSeconds(8);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Security:RouteCheckValidity"] = RouteCheckValidity.ToString(),
        ["Health:OfflineAfter"] = "00:00:04",
    };
}

public sealed class SecurityApiTests(SecurityGatewayFixture fixture) : IClassFixture<SecurityGatewayFixture>
{
    public const string Waypoint = "Ngã tư Kim Mã – Liễu Giai";

    private GatewayHost Host => fixture.Host;

    private async Task<ApiWorld> WorldWithRoute()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var response = await Host.Client("security").PutAsJsonAsync($"/api/delegates/{world.Delegate}/route", new
        {
            destinationVenueId = world.Hall,
            waypoints = new object[] { new { name = "Nhà khách Ba Đình" }, new { name = Waypoint, lat = 21.0315, lon = 105.8140 }, new { name = "Cổng Nhà Quốc hội" } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return world;
    }

    private async Task<JsonNode> Board(ApiWorld world) =>
        await (await Host.Client("leadership").GetAsync($"/api/sessions/{world.Session}/board")).Json();

    [Fact]
    public async Task A_route_check_holds_for_its_validity_and_then_expires_back_to_unchecked_on_the_board()
    {
        var world = await WorldWithRoute();
        var security = Host.Client("security");
        Assert.Equal("unchecked", (string)(await (await security.GetAsync($"/api/delegates/{world.Delegate}/route")).Json())["status"]!);

        var checkedRoute = await (await security.PostAsJsonAsync($"/api/delegates/{world.Delegate}/route/checks", new { status = "clear", note = "Đã kiểm tra lúc 6 giờ" })).Json();
        Assert.Equal("clear", (string)checkedRoute["status"]!);
        var cleared = await Eventually.Get(() => Board(world), b => (int)b["security"]!["routesCleared"]! == 1, what: "the board to count the cleared route");
        Assert.Equal(1, (int)cleared["security"]!["routesTotal"]!);

        var expired = await Eventually.Get(async () => await (await security.GetAsync($"/api/delegates/{world.Delegate}/route")).Json(),
            r => (string)r["status"]! == "expired", SecurityGatewayFixture.RouteCheckValidity * 4, "the check to expire");
        Assert.Equal("clear", (string)expired["lastCheck"]!["status"]!);
        // The board counts by the same rule when it next changes.
        await Heartbeats.Send(Host.Client("operator"), world.Point, Heartbeats.Good(1));
        Assert.Equal(0, (int)(await Eventually.Get(() => Board(world), b => (string)b["connectionPoints"]!["items"]![0]!["health"]! == "online"))["security"]!["routesCleared"]!);
    }

    [Fact]
    public async Task A_changed_route_is_unchecked_again()
    {
        var world = await WorldWithRoute();
        var security = Host.Client("security");
        await security.PostAsJsonAsync($"/api/delegates/{world.Delegate}/route/checks", new { status = "clear" });

        await security.PutAsJsonAsync($"/api/delegates/{world.Delegate}/route", new { destinationVenueId = world.Hall, waypoints = new[] { new { name = "Đường tránh" } } });

        Assert.Equal("unchecked", (string)(await (await security.GetAsync($"/api/delegates/{world.Delegate}/route")).Json())["status"]!);
    }

    [Fact]
    public async Task An_issue_on_a_route_raises_a_security_incident_that_names_the_delegate_and_not_the_route()
    {
        var world = await WorldWithRoute();

        await Host.Client("security").PostAsJsonAsync($"/api/delegates/{world.Delegate}/route/checks", new { status = "issue", note = $"Thi công tại {Waypoint}" });

        var incidents = await Eventually.Get(async () => (await (await Host.Client("leadership").GetAsync($"/api/incidents?sessionId={world.Session}")).Json()).AsArray(),
            list => list.Count == 1, what: "the security incident");
        var incident = incidents[0]!;
        Assert.Equal("security", (string)incident["kind"]!);
        Assert.DoesNotContain(Waypoint, incident.ToJsonString());
        Assert.DoesNotContain("Thi công", incident.ToJsonString());
        await (await Host.Client("operator").PostAsJsonAsync($"/api/incidents/{incident["id"]}/acknowledge", new { })).Problem(403);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client("security").PostAsJsonAsync($"/api/incidents/{incident["id"]}/acknowledge", new { })).StatusCode);
    }

    [Fact]
    public async Task A_sweep_counts_as_the_venues_readiness_item_and_an_issue_fails_it_and_raises_an_incident()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var security = Host.Client("security");

        var clear = await (await security.PostAsJsonAsync($"/api/venues/{world.Hall}/sweeps", new { status = "clear" })).Json();
        Assert.Contains(world.Session, clear["sessions"]!.AsArray().Select(s => (string)s!));
        var board = await Eventually.Get(() => Board(world), b => (int)b["security"]!["venuesCleared"]! == 1);
        Assert.Equal(2, (int)board["security"]!["venuesTotal"]!);

        await security.PostAsJsonAsync($"/api/venues/{world.Lodging}/sweeps", new { status = "issue", note = "Phương tiện lạ đỗ trước cổng" });
        var readiness = await (await Host.Client("leadership").GetAsync($"/api/sessions/{world.Session}/readiness")).Json();
        Assert.Equal("fail", (string)readiness["items"]!.AsArray().Single(i => (string)i!["targetId"]! == world.Lodging)!["status"]!);
        Assert.Equal("noGo", (string)readiness["state"]!);
        var incidents = (await (await Host.Client("leadership").GetAsync($"/api/incidents?sessionId={world.Session}")).Json()).AsArray();
        Assert.Contains(incidents, i => (string)i!["targetType"]! == "venue" && (string)i["kind"]! == "security");
        await (await Host.Client("operator").PostAsJsonAsync($"/api/venues/{world.Hall}/sweeps", new { status = "clear" })).Problem(403);
    }

    [Fact]
    public async Task Quorum_is_reached_and_lost_as_delegates_arrive_go_online_and_their_point_goes_offline()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var admin = Host.Client("admin");
        string[] delegates = [world.Delegate, $"{world.Prefix}-d2", $"{world.Prefix}-d3"];
        foreach (var id in delegates[1..])
        {
            await admin.PutAsJsonAsync($"/api/delegates/{id}", new { name = $"Đại biểu {id}", delegation = "Huế" });
        }

        await admin.PutAsJsonAsync($"/api/sessions/{world.Session}", new
        {
            title = "Phiên họp", kind = "plenary", format = "hybrid", hallVenueId = world.Hall,
            scheduledStart = ApiWorld.Start, scheduledEnd = ApiWorld.End, connectionPointIds = new[] { world.Point }, delegateIds = delegates,
        });
        await using var client = await HubClient.Connect(Host, "leadership");
        await client.Subscribe(world.Session);
        var security = Host.Client("security");
        var @operator = Host.Client("operator");

        await security.PostAsJsonAsync($"/api/sessions/{world.Session}/attendance", new { delegateId = delegates[0], status = "inHall" });
        var one = await client.WaitFor("BoardUpdated", b => b.Int("attendance", "inHall") == 1);
        Assert.Equal(2, one.Int("attendance", "quorum", "required"));
        Assert.False(one.GetProperty("attendance").GetProperty("quorum").GetProperty("reached").GetBoolean());

        await Heartbeats.Send(@operator, world.Point, Heartbeats.Good(1));
        var online = await @operator.PostAsJsonAsync($"/api/sessions/{world.Session}/attendance", new { delegateId = delegates[1], status = "online", connectionPointId = world.Point });
        Assert.Equal(HttpStatusCode.OK, online.StatusCode);
        await client.WaitFor("BoardUpdated", b => b.Int("attendance", "quorum", "present") == 2 && b.GetProperty("attendance").GetProperty("quorum").GetProperty("reached").GetBoolean());

        // The point falls silent: its delegates can no longer be counted present.
        var lost = await client.WaitFor("BoardUpdated", b => b.Int("connectionPoints", "offline") == 1, TimeSpan.FromSeconds(20));
        Assert.Equal(0, lost.Int("attendance", "online"));
        Assert.Equal(1, lost.Int("attendance", "quorum", "present"));
        Assert.False(lost.GetProperty("attendance").GetProperty("quorum").GetProperty("reached").GetBoolean());

        var atOffline = await @operator.PostAsJsonAsync($"/api/sessions/{world.Session}/attendance", new { delegateId = delegates[2], status = "online", connectionPointId = world.Point });
        await atOffline.Problem(409);
    }

    [Theory]
    [InlineData("operator", "inHall", null, 403)]
    [InlineData("security", "online", "point", 403)]
    [InlineData("leadership", "inHall", null, 403)]
    [InlineData("operator", "online", "elsewhere", 400)]
    [InlineData("operator", "online", null, 400)]
    [InlineData("security", "enRoute", null, 200)]
    [InlineData("admin", "excused", null, 200)]
    public async Task Who_marks_what_attendance(string role, string status, string? point, int expected)
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var pointId = point switch { "point" => world.Point, "elsewhere" => "elsewhere", _ => null };

        var response = await Host.Client(role).PostAsJsonAsync($"/api/sessions/{world.Session}/attendance", new { delegateId = world.Delegate, status, connectionPointId = pointId });

        Assert.Equal(expected, (int)response.StatusCode);
    }

    [Fact]
    public async Task The_same_mark_twice_is_kept_once_and_a_new_mark_after_it_is_kept()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var security = Host.Client("security");
        var url = $"/api/sessions/{world.Session}/attendance";

        foreach (var status in new[] { "inHall", "inHall", "excused" })
        {
            Assert.Equal(HttpStatusCode.OK, (await security.PostAsJsonAsync(url, new { delegateId = world.Delegate, status })).StatusCode);
        }

        var audit = (await (await Host.Client("admin").GetAsync($"/api/audit?action=attendance.marked&targetId={world.Delegate}")).Json()).AsArray();
        Assert.Equal(3, audit.Count);
        var grains = Host.Services.GetRequiredService<IGrainFactory>();
        var marks = await grains.GetGrain<SessionOps.Security.IAttendanceGrain>(world.Session).History();
        Assert.Equal(["inHall", "excused"], marks.Select(m => EnumText.Camel(m.Status)));
    }

    [Fact]
    public async Task Marking_a_delegate_who_is_not_in_the_session_is_400_and_an_unknown_session_404()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        await (await Host.Client("security").PostAsJsonAsync($"/api/sessions/{world.Session}/attendance", new { delegateId = "stranger", status = "inHall" })).Problem(400);
        await (await Host.Client("security").PostAsJsonAsync("/api/sessions/none/attendance", new { delegateId = world.Delegate, status = "inHall" })).Problem(404);
    }

    [Fact]
    public async Task The_audit_log_records_a_route_read_with_who_and_when_and_only_an_admin_reads_it()
    {
        var world = await WorldWithRoute();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await Host.Client("security").GetAsync($"/api/delegates/{world.Delegate}/route");

        var entries = (await (await Host.Client("admin").GetAsync($"/api/audit?action=route.read&targetId={world.Delegate}")).Json()).AsArray();
        var entry = Assert.Single(entries)!;
        Assert.Equal("security", (string)entry["role"]!);
        Assert.Equal("Người kiểm thử", (string)entry["by"]!);
        Assert.True(DateTimeOffset.Parse((string)entry["at"]!) >= before);
        Assert.DoesNotContain(Waypoint, entries.ToJsonString());
        var changed = (await (await Host.Client("admin").GetAsync($"/api/audit?action=route.changed&targetId={world.Delegate}")).Json()).AsArray();
        Assert.Single(changed);

        foreach (var role in new[] { "operator", "security", "leadership" })
        {
            await (await Host.Client(role).GetAsync("/api/audit")).Problem(403);
        }
    }

    [Fact]
    public async Task Route_events_reach_security_connections_and_never_leadership_or_operators()
    {
        var world = await WorldWithRoute();
        await using var security = await HubClient.Connect(Host, "security");
        await using var leadership = await HubClient.Connect(Host, "leadership");
        await using var @operator = await HubClient.Connect(Host, "operator");
        foreach (var client in new[] { security, leadership, @operator })
        {
            await client.Subscribe(world.Session);
        }

        await Host.Client("security").PostAsJsonAsync($"/api/delegates/{world.Delegate}/route/checks", new { status = "clear" });

        var routeChanged = await security.WaitFor("RouteChanged", r => r.Str("delegateId") == world.Delegate && r.Str("status") == "clear");
        Assert.DoesNotContain(Waypoint, routeChanged.ToString());
        // By the time the board counts the route, a RouteChanged for the others would have been sent with it.
        await leadership.WaitFor("BoardUpdated", b => b.Int("security", "routesCleared") == 1);
        await @operator.WaitFor("BoardUpdated", b => b.Int("security", "routesCleared") == 1);
        Assert.Empty(leadership.All("RouteChanged"));
        Assert.Empty(@operator.All("RouteChanged"));
    }
}
