using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Api;

/// <summary>A Gateway whose points go offline after four seconds and whose sweeps hold two days: long enough to reach tomorrow.</summary>
public sealed class RunTheSittingGatewayFixture : GatewayFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Health:OfflineAfter"] = "00:00:04",
        ["Security:SweepValidity"] = "2.00:00:00",
    };
}

/// <summary>What the screens rely on to run a sitting: moves in time, several days, quorum, who a failure affects.</summary>
public sealed class RunTheSittingApiTests(RunTheSittingGatewayFixture fixture) : IClassFixture<RunTheSittingGatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    private static string Day(int offset) => ApiWorld.Day.AddDays(offset).ToString("yyyy-MM-dd");

    private static string At(int dayOffset, int hour) => $"{Day(dayOffset)}T{hour:00}:00:00+07:00";

    private async Task<JsonNode[]> List(string url) => [.. (await (await Host.Client("leadership").GetAsync(url)).Json()).AsArray()!.Select(n => n!)];

    [Fact]
    public async Task Rescheduling_moves_a_sitting_to_another_day_and_its_history_says_who_moved_it_and_why()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var @operator = Host.Client("operator");

        var response = await @operator.PostAsJsonAsync($"/api/sessions/{world.Session}/reschedule",
            new { scheduledStart = At(1, 14), scheduledEnd = At(1, 17), reason = "Lùi theo đề nghị của Văn phòng" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var moved = await response.Json();
        Assert.Equal(DateTimeOffset.Parse(At(1, 14)), DateTimeOffset.Parse((string)moved["scheduledStart"]!));
        var entry = moved["history"]!.AsArray().Single()!;
        Assert.Equal("reschedule", (string)entry["kind"]!);
        Assert.Equal("Lùi theo đề nghị của Văn phòng", (string)entry["reason"]!);
        Assert.Equal("Người kiểm thử", (string)entry["by"]!);
        Assert.StartsWith($"{ApiWorld.Start}/", (string)entry["from"]!);
        Assert.Equal($"{Day(1)}T14:00:00+07:00/{Day(1)}T17:00:00+07:00", (string)entry["to"]!);

        Assert.DoesNotContain(await List($"/api/board?date={Day(0)}"), b => (string)b["sessionId"]! == world.Session);
        Assert.Contains(await List($"/api/board?date={Day(1)}"), b => (string)b["sessionId"]! == world.Session);
        Assert.Contains(await List($"/api/sessions?from={Day(1)}&to={Day(1)}"), s => (string)s["id"]! == world.Session);
        Assert.DoesNotContain(await List("/api/sessions"), s => (string)s["id"]! == world.Session);
    }

    [Fact]
    public async Task A_reschedule_without_a_reason_or_after_the_sitting_went_live_writes_nothing()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var @operator = Host.Client("operator");
        var url = $"/api/sessions/{world.Session}/reschedule";

        var noReason = await (await @operator.PostAsJsonAsync(url, new { scheduledStart = At(1, 8), scheduledEnd = At(1, 11) })).Problem(400);
        Assert.NotNull(noReason["errors"]!["reason"]);
        var backwards = await (await @operator.PostAsJsonAsync(url, new { scheduledStart = At(1, 11), scheduledEnd = At(1, 8), reason = "x" })).Problem(400);
        Assert.NotNull(backwards["errors"]!["scheduledEnd"]);
        await (await Host.Client("security").PostAsJsonAsync(url, new { scheduledStart = At(1, 8), scheduledEnd = At(1, 11), reason = "x" })).Problem(403);

        await world.MoveTo(@operator, "preparing", "ready");
        await world.OverrideToLive();
        var live = await (await @operator.PostAsJsonAsync(url, new { scheduledStart = At(1, 8), scheduledEnd = At(1, 11), reason = "Quá muộn" })).Problem(409);
        Assert.Contains("live", (string)live["detail"]!);

        var session = await (await @operator.GetAsync($"/api/sessions/{world.Session}")).Json();
        Assert.Equal(DateTimeOffset.Parse(ApiWorld.Start), DateTimeOffset.Parse((string)session["scheduledStart"]!));
        Assert.DoesNotContain(session["history"]!.AsArray(), h => (string)h!["kind"]! == "reschedule");
    }

    [Fact]
    public async Task A_postponed_sitting_given_a_new_time_is_scheduled_again_and_its_board_said_postponed_with_the_reason()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var @operator = Host.Client("operator");
        await @operator.PostAsJsonAsync($"/api/sessions/{world.Session}/phase", new { phase = "postponed", reason = "Bão số 3" });
        var board = await (await @operator.GetAsync($"/api/sessions/{world.Session}/board")).Json();
        Assert.Equal("postponed", (string)board["phase"]!);
        Assert.Equal("Bão số 3", (string)board["phaseReason"]!);

        var moved = await (await @operator.PostAsJsonAsync($"/api/sessions/{world.Session}/reschedule",
            new { scheduledStart = At(2, 8), scheduledEnd = At(2, 11), reason = "Sau bão" })).Json();

        Assert.Equal("scheduled", (string)moved["phase"]!);
        Assert.Equal(["phase", "phase", "reschedule"], moved["history"]!.AsArray().Select(h => (string)h!["kind"]!));
        Assert.Equal("scheduled", (string)moved["history"]![1]!["to"]!);
    }

    [Fact]
    public async Task A_sitting_of_two_days_is_on_the_board_and_in_the_list_of_each_day_and_one_of_three_weeks_is_refused()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var admin = Host.Client("admin");
        var body = new
        {
            title = "Hội nghị đại biểu Quốc hội chuyên trách", kind = "conference", format = "hybrid", hallVenueId = world.Hall,
            scheduledStart = At(1, 8), scheduledEnd = At(2, 17), connectionPointIds = new[] { world.Point }, delegateIds = new[] { world.Delegate },
        };
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/sessions/{world.Session}", body)).StatusCode);

        Assert.Contains(await List($"/api/board?date={Day(1)}"), b => (string)b["sessionId"]! == world.Session);
        Assert.Contains(await List($"/api/board?date={Day(2)}"), b => (string)b["sessionId"]! == world.Session);
        Assert.DoesNotContain(await List($"/api/board?date={Day(3)}"), b => (string)b["sessionId"]! == world.Session);
        Assert.DoesNotContain(await List($"/api/board?date={Day(0)}"), b => (string)b["sessionId"]! == world.Session);
        Assert.Single(await List($"/api/sessions?from={Day(0)}&to={Day(3)}"), s => (string)s["id"]! == world.Session);

        var tooLong = await (await admin.PutAsJsonAsync($"/api/sessions/{world.Session}", body with { scheduledEnd = At(22, 17) })).Problem(400);
        Assert.NotNull(tooLong["errors"]!["scheduledEnd"]);
        await (await Host.Client("leadership").GetAsync($"/api/sessions?from={Day(3)}&to={Day(1)}")).Problem(400);
        await (await Host.Client("leadership").GetAsync("/api/sessions?from=01-12-2026")).Problem(400);
    }

    [Theory]
    [InlineData("standingCommittee", null, 6)]
    [InlineData("plenary", null, 5)]
    [InlineData("conference", null, 5)]
    [InlineData("standingCommittee", 3, 3)]
    public async Task Quorum_defaults_to_two_thirds_for_the_standing_committee_and_more_than_half_for_others(string kind, int? quorum, int required)
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var admin = Host.Client("admin");
        var delegates = Enumerable.Range(1, 9).Select(i => $"{world.Prefix}-m{i}").ToArray();
        foreach (var id in delegates)
        {
            await admin.PutAsJsonAsync($"/api/delegates/{id}", new { name = $"Ủy viên {id}", delegation = "Huế" });
        }

        var response = await admin.PutAsJsonAsync($"/api/sessions/{world.Session}", new
        {
            title = "Phiên họp", kind, format = "inPerson", hallVenueId = world.Hall,
            scheduledStart = ApiWorld.Start, scheduledEnd = ApiWorld.End, connectionPointIds = Array.Empty<string>(), delegateIds = delegates, quorum,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var board = await Eventually.Get(async () => await (await admin.GetAsync($"/api/sessions/{world.Session}/board")).Json(),
            b => (int)b["attendance"]!["expected"]! == 9, what: "the board to know the nine members");
        Assert.Equal(required, (int)board["attendance"]!["quorum"]!["required"]!);
    }

    [Fact]
    public async Task An_incident_about_a_point_names_the_delegates_online_there_and_not_those_of_its_province_in_the_hall()
    {
        var (marked, markedNames) = await FailingPoint(markOnline: true);
        Assert.Equal(1, marked);
        Assert.Equal(["Đại biểu d2"], markedNames);

        // Nobody marked online there yet: those of the delegation not accounted for elsewhere, still not the one in the hall.
        var (expected, expectedNames) = await FailingPoint(markOnline: false);
        Assert.Equal(2, expected);
        Assert.Equal(["Đại biểu d2", "Đại biểu d3"], expectedNames.Order());
    }

    /// <summary>Three delegates of Huế: one in the hall, one (perhaps) online at Huế's point, one unmarked; then the point falls silent.</summary>
    private async Task<(int Count, string[] Names)> FailingPoint(bool markOnline)
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var admin = Host.Client("admin");
        string[] delegates = [world.Delegate, $"{world.Prefix}-d2", $"{world.Prefix}-d3"];
        foreach (var id in delegates)
        {
            await admin.PutAsJsonAsync($"/api/delegates/{id}", new { name = $"Đại biểu {id[(world.Prefix.Length + 1)..]}", delegation = "Huế" });
        }

        await admin.PutAsJsonAsync($"/api/sessions/{world.Session}", new
        {
            title = "Phiên họp", kind = "plenary", format = "hybrid", hallVenueId = world.Hall,
            scheduledStart = ApiWorld.Start, scheduledEnd = ApiWorld.End, connectionPointIds = new[] { world.Point }, delegateIds = delegates,
        });
        var @operator = Host.Client("operator");
        await Heartbeats.Send(@operator, world.Point, Heartbeats.Good(1));
        await world.MoveTo(@operator, "preparing");
        Assert.Equal(HttpStatusCode.OK, (await Host.Client("security").PostAsJsonAsync($"/api/sessions/{world.Session}/attendance",
            new { delegateId = delegates[0], status = "inHall" })).StatusCode);
        if (markOnline)
        {
            Assert.Equal(HttpStatusCode.OK, (await @operator.PostAsJsonAsync($"/api/sessions/{world.Session}/attendance",
                new { delegateId = delegates[1], status = "online", connectionPointId = world.Point })).StatusCode);
        }

        var incidents = await Eventually.Get(
            async () => (await (await @operator.GetAsync($"/api/incidents?sessionId={world.Session}")).Json()).AsArray(),
            list => list.Any(i => (string)i!["targetId"]! == world.Point && (string)i["health"]! == "offline"),
            TimeSpan.FromSeconds(20), "the silent point's incident");
        var incident = incidents.Single(i => (string)i!["targetId"]! == world.Point)!;
        var board = await (await @operator.GetAsync($"/api/sessions/{world.Session}/board")).Json();
        // The wall's tile counts the same people.
        Assert.Equal((int)incident["affectedDelegates"]!, (int)board["connectionPoints"]!["items"]![0]!["delegates"]!);
        Assert.Equal((int)incident["affectedDelegates"]!, (int)board["connectionPoints"]!["affectedDelegates"]!);
        return ((int)incident["affectedDelegates"]!, [.. incident["affected"]!.AsArray().Select(a => (string)a!["name"]!)]);
    }

    [Fact]
    public async Task A_sweep_recorded_today_counts_for_tomorrow_mornings_sitting_within_its_validity_and_not_beyond()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var admin = Host.Client("admin");
        var later = $"{world.Prefix}-later";
        foreach (var (id, day) in new[] { (world.Session, 1), (later, 4) })
        {
            var put = await admin.PutAsJsonAsync($"/api/sessions/{id}", new
            {
                title = "Phiên họp", kind = "plenary", format = "hybrid", hallVenueId = world.Hall,
                scheduledStart = At(day, 8), scheduledEnd = At(day, 11), connectionPointIds = new[] { world.Point }, delegateIds = new[] { world.Delegate },
            });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var sweep = await (await Host.Client("security").PostAsJsonAsync($"/api/venues/{world.Hall}/sweeps", new { status = "clear", note = "Quét buổi tối" })).Json();

        Assert.Equal([world.Session], sweep["sessions"]!.AsArray().Select(s => (string)s!));
        async Task<string> HallSweep(string session) => (string)(await (await admin.GetAsync($"/api/sessions/{session}/readiness")).Json())["items"]!.AsArray()
            .Single(i => (string)i!["targetId"]! == world.Hall && (string)i["item"]! == "securitySweep")!["status"]!;
        Assert.Equal("pass", await HallSweep(world.Session));
        Assert.Equal("pending", await HallSweep(later));
    }

    [Fact]
    public async Task Security_checks_every_route_from_one_lodging_at_once_and_a_list_with_a_stranger_writes_nothing()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var admin = Host.Client("admin");
        var security = Host.Client("security");
        string[] delegates = [world.Delegate, $"{world.Prefix}-d2", $"{world.Prefix}-d3"];
        foreach (var id in delegates[1..])
        {
            await admin.PutAsJsonAsync($"/api/delegates/{id}", new { name = $"Đại biểu {id}", delegation = "Huế", lodgingVenueId = world.Lodging });
        }

        await admin.PutAsJsonAsync($"/api/sessions/{world.Session}", new
        {
            title = "Phiên họp", kind = "plenary", format = "hybrid", hallVenueId = world.Hall,
            scheduledStart = ApiWorld.Start, scheduledEnd = ApiWorld.End, connectionPointIds = new[] { world.Point }, delegateIds = delegates,
        });
        foreach (var id in delegates)
        {
            await security.PutAsJsonAsync($"/api/delegates/{id}/route", new { destinationVenueId = world.Hall, waypoints = new[] { new { name = "Cổng phía Tây" } } });
        }

        var url = $"/api/sessions/{world.Session}/routes/checks";
        var refused = await (await security.PostAsJsonAsync(url, new { delegateIds = new[] { delegates[0], "someone-else" }, status = "clear" })).Problem(400);
        Assert.Contains("someone-else", refused["errors"]!["delegateIds"]![0]!.ToString());
        Assert.Equal("unchecked", (string)(await (await security.GetAsync($"/api/delegates/{delegates[0]}/route")).Json())["status"]!);
        await (await Host.Client("operator").PostAsJsonAsync(url, new { delegateIds = delegates[..2], status = "clear" })).Problem(403);

        var done = await (await security.PostAsJsonAsync(url, new { delegateIds = delegates[..2], status = "clear", note = "Xe đưa đón số 2" })).Json();

        Assert.Equal(2, (int)done["checked"]!);
        Assert.All(done["routes"]!.AsArray(), r => Assert.Equal("clear", (string)r!["status"]!));
        Assert.Equal("unchecked", (string)(await (await security.GetAsync($"/api/delegates/{delegates[2]}/route")).Json())["status"]!);
        var board = await Eventually.Get(async () => await (await admin.GetAsync($"/api/sessions/{world.Session}/board")).Json(),
            b => (int)b["security"]!["routesCleared"]! == 2, what: "the board to count both routes");
        Assert.Equal(3, (int)board["security"]!["routesTotal"]!);
    }
}
