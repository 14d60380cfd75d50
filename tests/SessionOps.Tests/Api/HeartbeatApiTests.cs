using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Api;

public sealed class HeartbeatApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    private async Task<(ApiWorld World, string Before)> WorldWithOneHeartbeat()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        await Heartbeats.Send(Host.Client("operator"), world.Point, Heartbeats.Good(10));
        return (world, await PointState(world.Point));
    }

    private async Task<string> PointState(string id) =>
        await (await Host.Client("admin").GetAsync($"/api/connection-points/{id}")).Content.ReadAsStringAsync();

    public static TheoryData<string, string> BadHeartbeats() => new()
    {
        { """{"seq":11,"sentAt":"2026-11-23T08:00:00+07:00","latencyMs":-1,"jitterMs":5,"packetLossPct":0,"bitrateKbps":2000,"audio":true,"video":true}""", "latencyMs" },
        { """{"seq":11,"sentAt":"2026-11-23T08:00:00+07:00","latencyMs":50,"jitterMs":5,"packetLossPct":100.5,"bitrateKbps":2000,"audio":true,"video":true}""", "packetLossPct" },
        { """{"seq":11,"sentAt":"2026-11-23T08:00:00+07:00","latencyMs":50,"jitterMs":-3,"packetLossPct":0,"bitrateKbps":2000,"audio":true,"video":true}""", "jitterMs" },
        { """{"seq":11,"sentAt":"2026-11-23T08:00:00+07:00","latencyMs":50,"jitterMs":5,"packetLossPct":0,"bitrateKbps":-10,"audio":true,"video":true}""", "bitrateKbps" },
        { """{"sentAt":"2026-11-23T08:00:00+07:00","latencyMs":50,"jitterMs":5,"packetLossPct":0,"bitrateKbps":2000,"audio":true,"video":true}""", "seq" },
        { """{"seq":-5,"sentAt":"2026-11-23T08:00:00+07:00","latencyMs":50,"jitterMs":5,"packetLossPct":0,"bitrateKbps":2000,"audio":true,"video":true}""", "seq" },
        { """{"seq":11,"sentAt":"2026-11-23T08:00:00","latencyMs":50,"jitterMs":5,"packetLossPct":0,"bitrateKbps":2000,"audio":true,"video":true}""", "sentAt" },
        { """{"seq":11,"sentAt":"2026-11-23T08:00:00+07:00","latencyMs":50,"jitterMs":5,"packetLossPct":0,"bitrateKbps":2000,"video":true}""", "audio" },
        { """{"seq":"eleven","sentAt":"2026-11-23T08:00:00+07:00"}""", "seq" },
        { """{"seq":11,"sentAt":"2026-11-23T08:00:00+07:00","latencyMs":50,"jitterMs":5,"packetLossPct":0,"bitrateKbps":2000,"audio":"yes","video":true}""", "audio" },
    };

    [Theory]
    [MemberData(nameof(BadHeartbeats))]
    public async Task A_bad_heartbeat_is_400_naming_the_field_and_leaves_the_point_as_it_was(string body, string field)
    {
        var (world, before) = await WorldWithOneHeartbeat();

        var response = await Host.Client("operator").PostAsync($"/api/connection-points/{world.Point}/heartbeats",
            new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await response.Problem(400);
        Assert.True(problem["errors"]?[field] is not null, problem.ToJsonString());
        Assert.Equal(before, await PointState(world.Point));
    }

    [Fact]
    public async Task A_heartbeat_whose_sound_and_picture_are_unknown_is_taken_and_rates_the_point_degraded_not_online()
    {
        var (world, _) = await WorldWithOneHeartbeat();
        var unknown = """{"seq":20,"sentAt":"2026-11-23T08:00:00+07:00","latencyMs":40,"jitterMs":2,"packetLossPct":0,"bitrateKbps":2000,"audio":null,"video":null}""";

        for (var seq = 20; seq < 30; seq++)
        {
            var response = await Host.Client("operator").PostAsync($"/api/connection-points/{world.Point}/heartbeats",
                new StringContent(unknown.Replace("\"seq\":20", $"\"seq\":{seq}"), Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }

        var point = await (await Host.Client("operator").GetAsync($"/api/connection-points/{world.Point}")).Json();
        Assert.Equal("degraded", (string)point["health"]!);
        Assert.Null(point["audio"]);
        Assert.Null(point["video"]);
    }

    [Theory]
    [InlineData("/api/connection-points/{0}/heartbeats", "application/json", "", 400)]
    [InlineData("/api/connection-points/{0}/heartbeats", "application/json", "{\"seq\":11,", 400)]
    [InlineData("/api/heartbeats", "application/json", "", 400)]
    [InlineData("/api/heartbeats", "application/json", "null", 400)]
    public async Task A_body_that_is_not_a_heartbeats_json_is_refused_as_problem_json_and_changes_nothing(string route, string type, string body, int status)
    {
        var (world, before) = await WorldWithOneHeartbeat();

        var response = await Host.Client("operator").PostAsync(string.Format(CultureInfo.InvariantCulture, route, world.Point),
            new StringContent(body, Encoding.UTF8, type));

        var problem = await response.Problem(status);
        Assert.NotNull(problem["title"]);
        Assert.Equal(before, await PointState(world.Point));
    }

    [Fact]
    public async Task A_heartbeat_for_an_unknown_point_is_404()
    {
        var response = await Host.Client("operator").PostAsJsonAsync("/api/connection-points/nowhere/heartbeats", Heartbeats.Good(1));
        await response.Problem(404);
    }

    [Fact]
    public async Task A_duplicate_or_older_seq_is_accepted_and_changes_nothing()
    {
        var (world, before) = await WorldWithOneHeartbeat();

        var duplicate = await Host.Client("operator").PostAsJsonAsync($"/api/connection-points/{world.Point}/heartbeats", Heartbeats.Poor(10));
        var older = await Host.Client("operator").PostAsJsonAsync($"/api/connection-points/{world.Point}/heartbeats", Heartbeats.Poor(9));

        Assert.Equal(HttpStatusCode.Accepted, duplicate.StatusCode);
        Assert.Equal(1, (int)(await older.Json())["ignored"]!);
        Assert.Equal(before, await PointState(world.Point));
    }

    [Fact]
    public async Task A_batch_is_202_and_applies_each_points_heartbeats_in_order()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var other = $"{world.Prefix}-cp2";
        await Host.Client("admin").PutAsJsonAsync($"/api/connection-points/{other}", new { name = "Đoàn ĐBQH Cà Mau", province = "Cà Mau", kind = "provincialDelegation" });
        object Item(string point, long seq, bool poor) => new
        {
            connectionPointId = point, seq, sentAt = DateTimeOffset.Now.ToString("O"),
            latencyMs = poor ? 500 : 50, jitterMs = 5, packetLossPct = 0.1, bitrateKbps = 2000, audio = true, video = true,
        };

        var response = await Host.Client("operator").PostAsJsonAsync("/api/heartbeats", new[]
        {
            Item(world.Point, 3, poor: true), Item(world.Point, 1, poor: false), Item(other, 7, poor: false), Item(world.Point, 2, poor: true),
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(4, (int)(await response.Json())["applied"]!);
        var point = await (await Host.Client("admin").GetAsync($"/api/connection-points/{world.Point}")).Json();
        Assert.Equal(3, (long)point["lastSeq"]!);
        Assert.Equal(500, (double)point["latencyMs"]!);
        Assert.Equal("online", (string)point["health"]!);
        Assert.Equal(7, (long)(await (await Host.Client("admin").GetAsync($"/api/connection-points/{other}")).Json())["lastSeq"]!);
    }

    [Fact]
    public async Task A_batch_naming_an_unknown_point_is_404_and_applies_nothing()
    {
        var (world, before) = await WorldWithOneHeartbeat();

        var response = await Host.Client("operator").PostAsJsonAsync("/api/heartbeats", new object[]
        {
            new { connectionPointId = world.Point, seq = 20, sentAt = DateTimeOffset.Now.ToString("O"), latencyMs = 900, jitterMs = 5, packetLossPct = 0, bitrateKbps = 2000, audio = true, video = true },
            new { connectionPointId = "nowhere", seq = 1, sentAt = DateTimeOffset.Now.ToString("O"), latencyMs = 50, jitterMs = 5, packetLossPct = 0, bitrateKbps = 2000, audio = true, video = true },
        });

        Assert.Contains("nowhere", (string)(await response.Problem(404))["detail"]!);
        Assert.Equal(before, await PointState(world.Point));
    }

    [Fact]
    public async Task A_batch_with_one_bad_item_is_400_naming_its_index_and_applies_nothing()
    {
        var (world, before) = await WorldWithOneHeartbeat();

        var response = await Host.Client("operator").PostAsJsonAsync("/api/heartbeats", new object[]
        {
            new { connectionPointId = world.Point, seq = 20, sentAt = DateTimeOffset.Now.ToString("O"), latencyMs = 900, jitterMs = 5, packetLossPct = 0, bitrateKbps = 2000, audio = true, video = true },
            new { connectionPointId = world.Point, seq = 21, sentAt = DateTimeOffset.Now.ToString("O"), latencyMs = 50, jitterMs = 5, packetLossPct = 140, bitrateKbps = 2000, audio = true, video = true },
        });

        var problem = await response.Problem(400);
        Assert.NotNull(problem["errors"]!["[1].packetLossPct"]);
        Assert.Equal(before, await PointState(world.Point));
    }

    [Theory]
    [InlineData(null, 401)]
    [InlineData("leadership", 403)]
    [InlineData("security", 403)]
    [InlineData("agent", 202)]
    [InlineData("admin", 202)]
    public async Task Who_may_send_heartbeats(string? role, int status)
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();

        var response = await Host.Client(role).PostAsJsonAsync($"/api/connection-points/{world.Point}/heartbeats", Heartbeats.Good(1));

        Assert.Equal(status, (int)response.StatusCode);
    }

    [Fact]
    public async Task An_agent_token_sends_heartbeats_and_reads_nothing()
    {
        await (await Host.Client("agent").GetAsync("/api/sessions")).Problem(403);
        await (await Host.Client("agent").GetAsync("/api/connection-points")).Problem(403);
    }
}
