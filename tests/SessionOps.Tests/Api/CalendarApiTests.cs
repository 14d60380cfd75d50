using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SessionOps.Tests.Infrastructure;
using static SessionOps.Tests.Api.SetUpApi;

namespace SessionOps.Tests.Api;

/// <summary>
/// The month's calendar (<c>GET /api/calendar?month=</c>) and what it flags: a hall, a connection point or a delegate wanted
/// by two sittings at once. And the kỳ họp: its days numbered in date order, shown on each sitting's board.
/// The sittings are in 2031, far from today and from anything else.
/// </summary>
public sealed class CalendarApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Month = "2031-04";

    private GatewayHost Host => fixture.Host;

    private sealed record World(string Prefix)
    {
        public string[] Halls => [$"{Prefix}-hall-a", $"{Prefix}-hall-b"];
        public string HallName(int i) => $"Hội trường {(i == 0 ? "Diên Hồng" : "Bà Triệu")} {Prefix}";
        public string[] Points => [$"{Prefix}-cp-hue", $"{Prefix}-cp-ca-mau", $"{Prefix}-cp-lao-cai"];
        public string[] PointNames => ["Đoàn ĐBQH thành phố Huế", "Đoàn ĐBQH tỉnh Cà Mau", "Đoàn ĐBQH tỉnh Lào Cai"];
        public string[] Provinces => ["Huế", "Cà Mau", "Lào Cai"];
        public string[] Delegates => [$"{Prefix}-d1", $"{Prefix}-d2", $"{Prefix}-d3"];
        public string[] DelegateNames => ["Nguyễn Văn Ánh", "Nguyễn Thị Thanh Hương", "Lò Văn Hưởng"];
        public string Sitting(string name) => $"{Prefix}-{name}";
    }

    private async Task<World> CreateWorld()
    {
        var world = new World(NewPrefix("k"));
        var admin = Host.Client("admin");
        for (var i = 0; i < 2; i++)
        {
            await Hall(admin, world.Halls[i], world.HallName(i));
        }

        for (var i = 0; i < 3; i++)
        {
            await Point(admin, world.Points[i], world.PointNames[i], world.Provinces[i]);
            await Delegate(admin, world.Delegates[i], world.DelegateNames[i]);
        }

        return world;
    }

    private static string At(string day, int hour, int minute = 0) => $"{day}T{hour:00}:{minute:00}:00+07:00";

    private async Task Sitting(string id, string hall, string start, string end, string[]? points = null, string[]? delegates = null,
        object? plenarySession = null, string title = "Phiên họp")
    {
        points ??= [];
        await Put(Host.Client("admin"), $"/api/sessions/{id}", new
        {
            title, kind = "plenary", format = points.Length > 0 ? "hybrid" : "inPerson", hallVenueId = hall,
            scheduledStart = start, scheduledEnd = end, connectionPointIds = points, delegateIds = delegates ?? [], plenarySession,
        });
    }

    private async Task<JsonNode> Calendar(string month = Month) => await Get(Host.Client("leadership"), $"/api/calendar?month={month}");

    /// <summary>The month's conflicts that concern the world's sittings alone.</summary>
    private static JsonNode[] ConflictsOf(JsonNode calendar, World world) =>
        [.. calendar["conflicts"]!.AsArray().Select(c => c!)
            .Where(c => c["sessionIds"]!.AsArray().Any(id => ((string)id!).StartsWith(world.Prefix + "-", StringComparison.Ordinal)))];

    private static (string Id, string Name)[] Targets(JsonNode conflict) =>
        [.. conflict["targets"]!.AsArray().Select(t => ((string)t!["id"]!, (string)t["name"]!))];

    private static string[] SessionIds(JsonNode conflict) => [.. conflict["sessionIds"]!.AsArray().Select(s => (string)s!)];

    [Fact]
    public async Task Two_sittings_in_one_hall_at_overlapping_hours_are_a_hall_conflict_for_the_hours_they_share()
    {
        var world = await CreateWorld();
        string morning = world.Sitting("morning"), late = world.Sitting("late");
        await Sitting(morning, world.Halls[0], At("2031-04-02", 8), At("2031-04-02", 11), delegates: [world.Delegates[0]]);
        await Sitting(late, world.Halls[0], At("2031-04-02", 10), At("2031-04-02", 12), delegates: [world.Delegates[1]]);

        var calendar = await Calendar();

        Assert.Equal(Month, (string)calendar["month"]!);
        Assert.Equal("2031-04-01", (string)calendar["from"]!);
        Assert.Equal("2031-04-30", (string)calendar["to"]!);
        var ids = calendar["sittings"]!.AsArray().Select(s => (string)s!["id"]!).ToArray();
        Assert.Contains(morning, ids);
        Assert.Contains(late, ids);
        var conflict = Assert.Single(ConflictsOf(calendar, world));
        Assert.Equal("hall", (string)conflict["kind"]!);
        Assert.Equal([morning, late], SessionIds(conflict));
        Assert.Equal([(world.Halls[0], world.HallName(0))], Targets(conflict));
        Assert.Equal(DateTimeOffset.Parse(At("2031-04-02", 10)), DateTimeOffset.Parse((string)conflict["from"]!));
        Assert.Equal(DateTimeOffset.Parse(At("2031-04-02", 11)), DateTimeOffset.Parse((string)conflict["to"]!));
    }

    [Fact]
    public async Task Two_overlapping_sittings_in_different_halls_sharing_a_connection_point_are_a_connection_point_conflict_naming_it()
    {
        var world = await CreateWorld();
        string a = world.Sitting("a"), b = world.Sitting("b");
        await Sitting(a, world.Halls[0], At("2031-04-03", 8), At("2031-04-03", 11), points: [world.Points[0], world.Points[1]]);
        await Sitting(b, world.Halls[1], At("2031-04-03", 9), At("2031-04-03", 10), points: [world.Points[1], world.Points[2]]);

        var conflict = Assert.Single(ConflictsOf(await Calendar(), world));

        Assert.Equal("connectionPoint", (string)conflict["kind"]!);
        Assert.Equal([a, b], SessionIds(conflict));
        Assert.Equal([(world.Points[1], "Đoàn ĐBQH tỉnh Cà Mau")], Targets(conflict));
        Assert.Equal(DateTimeOffset.Parse(At("2031-04-03", 9)), DateTimeOffset.Parse((string)conflict["from"]!));
        Assert.Equal(DateTimeOffset.Parse(At("2031-04-03", 10)), DateTimeOffset.Parse((string)conflict["to"]!));
    }

    [Fact]
    public async Task Two_overlapping_sittings_expecting_the_same_delegate_are_a_delegate_conflict_naming_the_delegate()
    {
        var world = await CreateWorld();
        string a = world.Sitting("a"), b = world.Sitting("b");
        await Sitting(a, world.Halls[0], At("2031-04-04", 14), At("2031-04-04", 17), delegates: [world.Delegates[0], world.Delegates[1]]);
        await Sitting(b, world.Halls[1], At("2031-04-04", 13, 30), At("2031-04-04", 15), delegates: [world.Delegates[1], world.Delegates[2]]);

        var conflict = Assert.Single(ConflictsOf(await Calendar(), world));

        Assert.Equal("delegate", (string)conflict["kind"]!);
        Assert.Equal([b, a], SessionIds(conflict));
        Assert.Equal([(world.Delegates[1], "Nguyễn Thị Thanh Hương")], Targets(conflict));
        Assert.Equal(DateTimeOffset.Parse(At("2031-04-04", 14)), DateTimeOffset.Parse((string)conflict["from"]!));
        Assert.Equal(DateTimeOffset.Parse(At("2031-04-04", 15)), DateTimeOffset.Parse((string)conflict["to"]!));
    }

    [Fact]
    public async Task A_postponed_sitting_holds_nothing_and_no_longer_conflicts_with_the_one_that_takes_its_hall()
    {
        var world = await CreateWorld();
        string first = world.Sitting("first"), second = world.Sitting("second");
        await Sitting(first, world.Halls[0], At("2031-04-07", 8), At("2031-04-07", 11), [world.Points[0]], [world.Delegates[0]]);
        await Sitting(second, world.Halls[0], At("2031-04-07", 9), At("2031-04-07", 12), [world.Points[0]], [world.Delegates[0]]);
        Assert.Equal(["connectionPoint", "delegate", "hall"], ConflictsOf(await Calendar(), world).Select(c => (string)c["kind"]!).Order());

        var response = await Host.Client("operator").PostAsJsonAsync($"/api/sessions/{first}/phase", new { phase = "postponed", reason = "Bão số 5 đổ bộ" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var calendar = await Calendar();
        Assert.Empty(ConflictsOf(calendar, world));
        var postponed = calendar["sittings"]!.AsArray().Single(s => (string)s!["id"]! == first)!;
        Assert.Equal("postponed", (string)postponed["phase"]!);
        Assert.Equal("Bão số 5 đổ bộ", (string)postponed["phaseReason"]!);
    }

    [Fact]
    public async Task Sittings_that_only_touch_end_to_start_do_not_conflict_but_the_same_sittings_overlapping_by_half_an_hour_do()
    {
        var world = await CreateWorld();
        string before = world.Sitting("before"), after = world.Sitting("after"), nextDay = world.Sitting("next-day");
        string[] points = [world.Points[0]], delegates = [world.Delegates[0]];
        await Sitting(before, world.Halls[0], At("2031-04-08", 8), At("2031-04-08", 10), points, delegates);
        await Sitting(after, world.Halls[0], At("2031-04-08", 10), At("2031-04-08", 12), points, delegates);
        await Sitting(nextDay, world.Halls[0], At("2031-04-09", 8), At("2031-04-09", 12), points, delegates);

        var calendar = await Calendar();
        Assert.Equal(3, calendar["sittings"]!.AsArray().Count(s => ((string)s!["id"]!).StartsWith(world.Prefix, StringComparison.Ordinal)));
        Assert.Empty(ConflictsOf(calendar, world));

        await Sitting(after, world.Halls[0], At("2031-04-08", 9, 30), At("2031-04-08", 12), points, delegates);

        var conflicts = ConflictsOf(await Calendar(), world);
        Assert.Equal(["connectionPoint", "delegate", "hall"], conflicts.Select(c => (string)c["kind"]!).Order());
        Assert.All(conflicts, c => Assert.Equal([before, after], SessionIds(c)));
    }

    [Fact]
    public async Task A_month_that_is_not_yyyy_MM_is_refused_and_another_month_does_not_show_these_sittings()
    {
        var world = await CreateWorld();
        await Sitting(world.Sitting("april"), world.Halls[0], At("2031-04-30", 20), At("2031-04-30", 22));

        var problem = await (await Host.Client("leadership").GetAsync("/api/calendar?month=2031-13")).Problem(400);
        Assert.NotNull(problem["errors"]!["month"]);
        Assert.DoesNotContain((await Calendar("2031-05"))["sittings"]!.AsArray(), s => (string)s!["id"]! == world.Sitting("april"));
        Assert.Contains((await Calendar("2031-04"))["sittings"]!.AsArray(), s => (string)s!["id"]! == world.Sitting("april"));
    }

    private async Task<JsonNode?> PlenaryOnBoard(string sessionId) =>
        (await Get(Host.Client("leadership"), $"/api/sessions/{sessionId}/board"))["plenary"];

    /// <summary>Waits until each sitting's board says its day (the boards hear of a renumbering one-way), and checks number and round.</summary>
    private async Task BoardsSay(int number, int round, params (string Id, int Day)[] expected)
    {
        foreach (var (id, day) in expected)
        {
            var plenary = await Eventually.Get(() => PlenaryOnBoard(id), p => p is not null && (int?)p["day"] == day,
                what: $"the board of {id} to say day {day}");
            Assert.Equal(number, (int)plenary!["number"]!);
            Assert.Equal(round, (int)plenary["round"]!);
        }
    }

    [Fact]
    public async Task The_sittings_of_a_round_are_numbered_by_day_in_date_order_and_one_added_on_an_earlier_day_renumbers_the_others()
    {
        const int number = 41;
        var world = await CreateWorld();
        var plenary = new { number, round = 2 };
        string third = world.Sitting("day-15"), first = world.Sitting("day-13"), second = world.Sitting("day-14");
        // Filed out of date order: the numbers follow the dates, not the order of filing.
        await Sitting(third, world.Halls[0], At("2031-05-15", 8), At("2031-05-15", 11, 30), plenarySession: plenary);
        await Sitting(first, world.Halls[0], At("2031-05-13", 8), At("2031-05-13", 11, 30), plenarySession: plenary);
        await Sitting(second, world.Halls[0], At("2031-05-14", 14), At("2031-05-14", 17), plenarySession: plenary);

        var session = await Get(Host.Client("admin"), $"/api/sessions/{first}");
        Assert.Equal(number, (int)session["plenarySession"]!["number"]!);
        Assert.Equal(2, (int)session["plenarySession"]!["round"]!);
        await BoardsSay(number, 2, (first, 1), (second, 2), (third, 3));

        var earlier = world.Sitting("day-12");
        await Sitting(earlier, world.Halls[0], At("2031-05-12", 8), At("2031-05-12", 11, 30), plenarySession: plenary);

        await BoardsSay(number, 2, (earlier, 1), (first, 2), (second, 3), (third, 4));
        var outline = await Get(Host.Client("leadership"), $"/api/plenary-sessions/{number}");
        Assert.Equal(number, (int)outline["number"]!);
        var round = Assert.Single(outline["rounds"]!.AsArray())!;
        Assert.Equal(2, (int)round["round"]!);
        Assert.Equal("2031-05-12", (string)round["from"]!);
        Assert.Equal("2031-05-15", (string)round["to"]!);
        Assert.Equal(
            [(1, "2031-05-12", earlier), (2, "2031-05-13", first), (3, "2031-05-14", second), (4, "2031-05-15", third)],
            round["days"]!.AsArray().Select(d => ((int)d!["day"]!, (string)d["date"]!, (string)Assert.Single(d["sessionIds"]!.AsArray())!)));

        var listed = (await Calendar("2031-05"))["sittings"]!.AsArray().Single(s => (string)s!["id"]! == second)!;
        Assert.Equal(3, (int)listed["plenary"]!["day"]!);
    }

    [Fact]
    public async Task Two_sittings_of_one_day_share_its_number_and_each_round_of_a_ky_hop_counts_its_days_from_one()
    {
        const int number = 42;
        var world = await CreateWorld();
        string morning = world.Sitting("morning"), afternoon = world.Sitting("afternoon"), next = world.Sitting("next"), roundOne = world.Sitting("round-1");
        await Sitting(morning, world.Halls[0], At("2031-05-20", 8), At("2031-05-20", 11, 30), plenarySession: new { number, round = 2 });
        await Sitting(afternoon, world.Halls[0], At("2031-05-20", 14), At("2031-05-20", 17), plenarySession: new { number, round = 2 });
        await Sitting(next, world.Halls[0], At("2031-05-21", 8), At("2031-05-21", 11, 30), plenarySession: new { number, round = 2 });
        // Round 1 a week earlier: a day before round 2's, yet round 2's numbers stay.
        await Sitting(roundOne, world.Halls[0], At("2031-05-06", 8), At("2031-05-06", 11, 30), plenarySession: new { number, round = 1 });

        await BoardsSay(number, 2, (morning, 1), (afternoon, 1), (next, 2));
        await BoardsSay(number, 1, (roundOne, 1));
        var outline = await Get(Host.Client("leadership"), $"/api/plenary-sessions/{number}");
        Assert.Equal([1, 2], outline["rounds"]!.AsArray().Select(r => (int)r!["round"]!));
        Assert.Equal(new[] { afternoon, morning }.Order(StringComparer.Ordinal),
            outline["rounds"]![1]!["days"]![0]!["sessionIds"]!.AsArray().Select(s => (string)s!));
        await (await Host.Client("leadership").GetAsync($"/api/plenary-sessions/{number + 1}")).Problem(404);
    }
}
