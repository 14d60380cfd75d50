using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Readiness;

/// <summary>The readiness checklist through the API: generation, state, the gate, roles and the timeline.</summary>
public sealed class ReadinessApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const int PointItems = 8;
    private const int HallItems = 3 + 1;
    private const int VenueItems = 1;

    private GatewayHost Host => fixture.Host;

    private async Task<ApiWorld> World() => await new ApiWorld(Host.Client("admin")).Create();

    private async Task<JsonNode> Readiness(ApiWorld world) =>
        await (await Host.Client("leadership").GetAsync($"/api/sessions/{world.Session}/readiness")).Json();

    private static JsonArray Items(JsonNode readiness) => readiness["items"]!.AsArray();

    private Task<HttpResponseMessage> Check(string role, ApiWorld world, string targetType, string targetId, string item, string status, string? note = null) =>
        Host.Client(role).PostAsJsonAsync($"/api/sessions/{world.Session}/readiness/checks", new { targetType, targetId, item, status, note });

    /// <summary>Passes every item of the session: technical ones as an operator, sweeps as security.</summary>
    private async Task PassEverything(ApiWorld world)
    {
        foreach (var item in Items(await Readiness(world)))
        {
            var role = (string)item!["owner"]! == "security" ? "security" : "operator";
            var response = await Check(role, world, (string)item["targetType"]!, (string)item["targetId"]!, (string)item["item"]!, "pass");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_checklist_has_each_points_items_the_halls_and_a_sweep_of_every_venue()
    {
        var world = await World();

        var items = Items(await Readiness(world));

        Assert.Equal(PointItems + HallItems + VenueItems, items.Count);
        Assert.Equal(PointItems, items.Count(i => (string)i!["targetId"]! == world.Point));
        Assert.Contains(items, i => (string)i!["targetId"]! == world.Point && (string)i["item"]! == "dryRun");
        Assert.Contains(items, i => (string)i!["targetId"]! == world.Hall && (string)i["item"]! == "interpretation");
        Assert.Contains(items, i => (string)i!["targetId"]! == world.Lodging && (string)i["item"]! == "securitySweep" && (string)i["owner"]! == "security");
        Assert.All(items, i => Assert.Equal("pending", (string)i!["status"]!));
    }

    [Fact]
    public async Task The_checklist_follows_the_session_when_a_point_is_attached_and_detached_and_keeps_the_history()
    {
        var world = await World();
        var admin = Host.Client("admin");
        var second = $"{world.Prefix}-cp2";
        await admin.PutAsJsonAsync($"/api/connection-points/{second}", new { name = "Đoàn ĐBQH Gia Lai", province = "Gia Lai", kind = "provincialDelegation" });
        await Check("operator", world, "connectionPoint", world.Point, "networkLink", "pass");

        await admin.PutAsJsonAsync($"/api/sessions/{world.Session}", SessionWith(world, [world.Point, second]));
        var attached = await Eventually.Get(() => Readiness(world), r => Items(r).Count == 2 * PointItems + HallItems + VenueItems, what: "the new point's items");
        Assert.Equal(PointItems, Items(attached).Count(i => (string)i!["targetId"]! == second));

        await admin.PutAsJsonAsync($"/api/sessions/{world.Session}", SessionWith(world, [second]));
        var detached = await Eventually.Get(() => Readiness(world), r => Items(r).Count == PointItems + HallItems + VenueItems, what: "the old point's items to go");
        Assert.DoesNotContain(Items(detached), i => (string)i!["targetId"]! == world.Point);

        var timeline = await (await Host.Client("leadership").GetAsync($"/api/sessions/{world.Session}/timeline")).Json();
        Assert.Contains(timeline["entries"]!.AsArray(), e => (string)e!["type"]! == "check" && (string)e["targetId"]! == world.Point);
    }

    [Fact]
    public async Task Readiness_is_pending_then_go_when_every_item_passed_and_every_point_is_online()
    {
        var world = await World();
        Assert.Equal("pending", (string)(await Readiness(world))["state"]!);

        await PassEverything(world);
        var passedButUnheard = await Readiness(world);
        Assert.Equal(100, (int)passedButUnheard["percent"]!);
        Assert.Equal("pending", (string)passedButUnheard["state"]!);
        Assert.Contains(passedButUnheard["blocking"]!.AsArray(), b => ((string)b!).Contains(world.Point));

        await Heartbeats.Send(Host.Client("operator"), world.Point, Heartbeats.Good(1));

        Assert.Equal("go", (string)(await Readiness(world))["state"]!);
    }

    [Fact]
    public async Task A_failed_required_item_is_no_go_and_a_waiver_with_a_reason_counts_as_done()
    {
        var world = await World();
        await PassEverything(world);
        await Heartbeats.Send(Host.Client("operator"), world.Point, Heartbeats.Good(1));

        await Check("operator", world, "connectionPoint", world.Point, "backupPower", "fail", "Máy phát dự phòng không khởi động");
        var failed = await Readiness(world);
        Assert.Equal("noGo", (string)failed["state"]!);
        Assert.Contains(failed["blocking"]!.AsArray(), b => ((string)b!).Contains("backupPower"));

        var withoutReason = await Check("operator", world, "connectionPoint", world.Point, "backupPower", "waived");
        Assert.NotNull((await withoutReason.Problem(400))["errors"]!["note"]);
        Assert.Equal("noGo", (string)(await Readiness(world))["state"]!);

        var waived = await Check("operator", world, "connectionPoint", world.Point, "backupPower", "waived", "Điểm cầu dùng điện lưới ưu tiên, đã xác nhận với điện lực");
        Assert.Equal(HttpStatusCode.OK, waived.StatusCode);
        Assert.Equal("go", (string)(await waived.Json())["state"]!);
    }

    [Fact]
    public async Task An_offline_point_is_no_go()
    {
        var world = await World();
        await PassEverything(world);
        var offline = new { seq = 1, sentAt = DateTimeOffset.Now.ToString("O"), latencyMs = 50, jitterMs = 5, packetLossPct = 0, bitrateKbps = 0, audio = false, video = false };

        await Heartbeats.Send(Host.Client("operator"), world.Point, offline);

        Assert.Equal("noGo", (string)(await Readiness(world))["state"]!);
    }

    [Fact]
    public async Task Going_live_before_go_is_409_listing_the_blocking_items_and_an_admin_override_with_a_reason_is_on_the_timeline()
    {
        var world = await (await World()).MoveTo(Host.Client("operator"), "preparing", "ready");

        var refused = await Host.Client("operator").PostAsJsonAsync($"/api/sessions/{world.Session}/phase", new { phase = "live" });
        var problem = await refused.Problem(409);
        Assert.Contains(problem["blocking"]!.AsArray(), b => ((string)b!).Contains("dryRun"));
        Assert.Equal("ready", (string)(await (await Host.Client("admin").GetAsync($"/api/sessions/{world.Session}")).Json())["phase"]!);

        var overridden = await Host.Client("admin").PostAsJsonAsync($"/api/sessions/{world.Session}/phase",
            new { phase = "live", @override = true, reason = "Lãnh đạo quyết định khai mạc đúng giờ" });
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);

        var timeline = await (await Host.Client("leadership").GetAsync($"/api/sessions/{world.Session}/timeline")).Json();
        var entry = timeline["entries"]!.AsArray().Single(e => (string)e!["type"]! == "phase" && ((string)e["what"]!).StartsWith("ready → live"));
        Assert.Contains("override", (string)entry!["what"]!);
        Assert.Equal("Lãnh đạo quyết định khai mạc đúng giờ", (string)entry["note"]!);
    }

    [Fact]
    public async Task A_session_that_is_go_goes_live_without_an_override()
    {
        var world = await (await World()).MoveTo(Host.Client("operator"), "preparing", "ready");
        await PassEverything(world);
        await Heartbeats.Send(Host.Client("operator"), world.Point, Heartbeats.Good(1));

        var live = await Host.Client("operator").PostAsJsonAsync($"/api/sessions/{world.Session}/phase", new { phase = "live" });

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Theory]
    [InlineData("operator", "venue", "lodging", "securitySweep", 403)]
    [InlineData("security", "connectionPoint", "point", "dryRun", 403)]
    [InlineData("leadership", "connectionPoint", "point", "dryRun", 403)]
    [InlineData("security", "venue", "lodging", "securitySweep", 200)]
    [InlineData("operator", "connectionPoint", "point", "dryRun", 200)]
    [InlineData("admin", "venue", "hall", "securitySweep", 200)]
    [InlineData("operator", "connectionPoint", "point", "teleport", 400)]
    public async Task Technical_items_are_the_operators_and_sweeps_are_securitys(string role, string targetType, string target, string item, int status)
    {
        var world = await World();
        var targetId = target switch { "lodging" => world.Lodging, "hall" => world.Hall, _ => world.Point };

        var response = await Check(role, world, targetType, targetId, item, "pass");

        Assert.Equal(status, (int)response.StatusCode);
        var recorded = Items(await Readiness(world)).Where(i => (string)i!["status"]! != "pending").ToArray();
        Assert.Equal(status == 200 ? 1 : 0, recorded.Length);
    }

    [Fact]
    public async Task Checks_on_an_unknown_session_are_404_and_bad_checks_are_400()
    {
        await (await Host.Client("operator").PostAsJsonAsync("/api/sessions/none/readiness/checks",
            new { targetType = "connectionPoint", targetId = "x", item = "dryRun", status = "pass" })).Problem(404);
        await (await Host.Client("leadership").GetAsync("/api/sessions/none/readiness")).Problem(404);

        var world = await World();
        var problem = await (await Check("operator", world, "satellite", world.Point, "dryRun", "maybe")).Problem(400);
        Assert.NotNull(problem["errors"]!["targetType"]);
        Assert.NotNull(problem["errors"]!["status"]);
    }

    [Fact]
    public async Task The_board_shows_the_readiness_percent_rising_live()
    {
        var world = await World();
        await using var client = await HubClient.Connect(Host, "leadership");
        await client.Subscribe(world.Session);

        await Check("operator", world, "connectionPoint", world.Point, "networkLink", "pass");
        await Check("operator", world, "connectionPoint", world.Point, "primaryVideo", "pass");

        var total = PointItems + HallItems + VenueItems;
        var board = await client.WaitFor("BoardUpdated", b => b.Int("readiness", "percent") == 2 * 100 / total);
        Assert.Equal("pending", board.GetProperty("readiness").GetProperty("state").GetString());
    }

    private static object SessionWith(ApiWorld world, string[] points) => new
    {
        title = "Phiên họp toàn thể",
        kind = "plenary",
        format = "hybrid",
        hallVenueId = world.Hall,
        scheduledStart = ApiWorld.Start,
        scheduledEnd = ApiWorld.End,
        connectionPointIds = points,
        delegateIds = new[] { world.Delegate },
    };
}
