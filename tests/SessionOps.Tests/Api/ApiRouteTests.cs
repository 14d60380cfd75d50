using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Api;

/// <summary>Every route of the foundation, through a real Kestrel: good, bad body, unknown id, no token, wrong role.</summary>
public sealed class ApiRouteTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    private Task<ApiWorld> World() => new ApiWorld(Host.Client("admin")).Create();

    [Fact]
    public async Task The_embedded_default_leaves_the_orleans_dashboard_out_unless_asked_for()
    {
        // Idle, the dashboard held about a quarter of a one-machine install's memory; the demo's page tests turn it on.
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Client("admin").GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Client("admin").GetAsync("/dashboard/DashboardCounters")).StatusCode);
        var dashboard = typeof(Orleans.Dashboard.DashboardOptions).Assembly;
        Assert.DoesNotContain(Host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s.GetType().Assembly == dashboard);
        Assert.DoesNotContain(Host.Services.GetServices<Microsoft.Extensions.Logging.ILoggerProvider>(), p => p.GetType().Assembly == dashboard);
    }

    [Fact]
    public async Task Every_route_answers_a_good_request()
    {
        var world = await World();
        var admin = Host.Client("admin");

        var venue = await (await admin.GetAsync($"/api/venues/{world.Hall}")).Json();
        Assert.Equal("hall", (string)venue["kind"]!);
        Assert.Contains((await (await admin.GetAsync("/api/venues")).Json()).AsArray(), v => (string)v!["id"]! == world.Lodging);

        var point = await (await admin.GetAsync($"/api/connection-points/{world.Point}")).Json();
        Assert.Equal("Huế", (string)point["province"]!);
        Assert.Equal("unknown", (string)point["health"]!);
        Assert.Contains((await (await admin.GetAsync("/api/connection-points")).Json()).AsArray(), p => (string)p!["id"]! == world.Point);

        var @delegate = await (await admin.GetAsync($"/api/delegates/{world.Delegate}")).Json();
        Assert.Equal(world.Lodging, (string)@delegate["lodgingVenueId"]!);
        Assert.Contains((await (await admin.GetAsync("/api/delegates")).Json()).AsArray(), d => (string)d!["id"]! == world.Delegate);

        var session = await (await admin.GetAsync($"/api/sessions/{world.Session}")).Json();
        Assert.Equal("scheduled", (string)session["phase"]!);
        Assert.Equal(ApiWorld.Start, (string)session["scheduledStart"]!);
        Assert.Contains((await (await admin.GetAsync("/api/sessions")).Json()).AsArray(), s => (string)s!["id"]! == world.Session);

        var moved = await Host.Client("operator").PostAsJsonAsync($"/api/sessions/{world.Session}/phase", new { phase = "preparing" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var history = (await moved.Json())["history"]!.AsArray();
        Assert.Equal("preparing", (string)history.Single()!["to"]!);
        Assert.Equal("Người kiểm thử", (string)history.Single()!["by"]!);
    }

    public static TheoryData<string, string, string, string> BadBodies() => new()
    {
        // route, body, field the errors map must name
        { "PUT", "/api/venues/{hall}", """{"name":"","kind":"palace"}""", "kind" },
        { "PUT", "/api/venues/{hall}", """{"kind":"hall"}""", "name" },
        { "PUT", "/api/connection-points/{point}", """{"name":"Điểm cầu","province":"Huế","kind":"satellite"}""", "kind" },
        { "PUT", "/api/delegates/{delegate}", """{"name":"Lê Thị D","delegation":"","lodgingVenueId":"Bad Id"}""", "lodgingVenueId" },
        { "PUT", "/api/delegates/{delegate}", """{"name":"Lê Thị D","delegation":"Huế","lodgingVenueId":"{hall}"}""", "lodgingVenueId" },
        { "PUT", "/api/sessions/{session}", """{"title":"T","kind":"plenary","format":"hybrid","hallVenueId":"{hall}","scheduledStart":"2026-11-23T08:00:00","scheduledEnd":"2026-11-23T11:00:00+07:00"}""", "scheduledStart" },
        { "PUT", "/api/sessions/{session}", """{"title":"T","kind":"plenary","format":"hybrid","hallVenueId":"{hall}","scheduledStart":"2026-11-23T08:00:00+07:00","scheduledEnd":"2026-11-23T07:00:00+07:00"}""", "scheduledEnd" },
        { "PUT", "/api/sessions/{session}", """{"title":"T","kind":"plenary","format":"inPerson","hallVenueId":"{hall}","scheduledStart":"2026-11-23T08:00:00+07:00","scheduledEnd":"2026-11-23T11:00:00+07:00","connectionPointIds":["{point}"]}""", "connectionPointIds" },
        { "PUT", "/api/sessions/{session}", """{"title":"T","kind":"plenary","format":"hybrid","hallVenueId":"{lodging}","scheduledStart":"2026-11-23T08:00:00+07:00","scheduledEnd":"2026-11-23T11:00:00+07:00","delegateIds":["{delegate}","{delegate}"]}""", "delegateIds" },
        { "PUT", "/api/sessions/{session}", """{"title":"T","kind":"plenary","format":"hybrid","hallVenueId":"{lodging}","scheduledStart":"2026-11-23T08:00:00+07:00","scheduledEnd":"2026-11-23T11:00:00+07:00"}""", "hallVenueId" },
        { "PUT", "/api/sessions/{session}", """{"title":"T","kind":"plenary","format":"hybrid","hallVenueId":"{hall}","scheduledStart":"2026-11-23T08:00:00+07:00","scheduledEnd":"2026-11-23T11:00:00+07:00","delegateIds":["{delegate}"],"quorum":2}""", "quorum" },
        { "POST", "/api/sessions/{session}/phase", """{"phase":"underway"}""", "phase" },
        { "POST", "/api/sessions/{session}/phase", """{"phase":"cancelled"}""", "reason" },
        { "POST", "/api/sessions/{session}/phase", """{"phase":"preparing","override":true}""", "reason" },
        { "PUT", "/api/venues/{hall}", """{"name":"Hội trường", "kind": 3}""", "kind" },
        { "PUT", "/api/venues/{hall}", """{"name":"Hội trường",""", "body" },
        { "PUT", "/api/venues/Not_An_Id", """{"name":"Hội trường","kind":"hall"}""", "id" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_400_with_an_errors_map_and_changes_nothing(string method, string route, string body, string field)
    {
        var world = await World();
        var admin = Host.Client("admin");
        var url = Fill(route, world);
        var readUrl = url.EndsWith("/phase") ? url[..^"/phase".Length] : url;
        var before = await Snapshot(admin, readUrl);

        var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = new StringContent(Fill(body, world), Encoding.UTF8, "application/json"),
        });

        var problem = await response.Problem(400);
        Assert.True(problem["errors"]?[field] is not null, $"errors has no '{field}': {problem.ToJsonString()}");
        Assert.Equal(before, await Snapshot(admin, readUrl));
    }

    [Theory]
    [InlineData("/api/venues/nowhere")]
    [InlineData("/api/connection-points/nowhere")]
    [InlineData("/api/delegates/nobody")]
    [InlineData("/api/sessions/never")]
    public async Task An_unknown_id_is_404(string url)
    {
        var problem = await (await Host.Client("leadership").GetAsync(url)).Problem(404);
        Assert.Contains("There is no", (string)problem["detail"]!);
    }

    [Fact]
    public async Task Moving_an_unknown_session_is_404()
    {
        var response = await Host.Client("operator").PostAsJsonAsync("/api/sessions/never/phase", new { phase = "preparing" });
        await response.Problem(404);
    }

    [Fact]
    public async Task A_move_the_phase_rules_forbid_is_409_and_says_what_is_allowed()
    {
        var world = await World();

        var response = await Host.Client("operator").PostAsJsonAsync($"/api/sessions/{world.Session}/phase", new { phase = "live" });

        var problem = await response.Problem(409);
        Assert.Contains("preparing", (string)problem["detail"]!);
        var session = await (await Host.Client("admin").GetAsync($"/api/sessions/{world.Session}")).Json();
        Assert.Equal("scheduled", (string)session["phase"]!);
    }

    public static TheoryData<string, string> EveryRoute() => new()
    {
        { "PUT", "/api/venues/{hall}" }, { "GET", "/api/venues/{hall}" }, { "GET", "/api/venues" },
        { "PUT", "/api/connection-points/{point}" }, { "GET", "/api/connection-points/{point}" }, { "GET", "/api/connection-points" },
        { "PUT", "/api/delegates/{delegate}" }, { "GET", "/api/delegates/{delegate}" }, { "GET", "/api/delegates" },
        { "PUT", "/api/sessions/{session}" }, { "GET", "/api/sessions/{session}" }, { "GET", "/api/sessions" },
        { "POST", "/api/sessions/{session}/phase" },
    };

    [Theory]
    [MemberData(nameof(EveryRoute))]
    public async Task Without_a_token_every_route_is_401(string method, string route)
    {
        var response = await Host.Client().SendAsync(new HttpRequestMessage(new HttpMethod(method), Fill(route, null))
        {
            Content = method == "GET" ? null : JsonContent.Create(new { }),
        });

        await response.Problem(401);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var client = Host.Client();
        client.DefaultRequestHeaders.Authorization = new("Bearer",
            new SessionOps.Gateway.Auth.TokenIssuer(new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(
                Encoding.UTF8.GetBytes("another-key-that-is-long-enough-0123456789"))).Issue("Kẻ giả mạo", "admin"));

        await (await client.GetAsync("/api/sessions")).Problem(401);
    }

    public static TheoryData<string, string, string> WrongRoles()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var role in new[] { "operator", "security", "leadership" })
        {
            data.Add(role, "PUT", "/api/venues/{hall}");
            data.Add(role, "PUT", "/api/connection-points/{point}");
            data.Add(role, "PUT", "/api/delegates/{delegate}");
            data.Add(role, "PUT", "/api/sessions/{session}");
        }

        data.Add("security", "POST", "/api/sessions/{session}/phase");
        data.Add("leadership", "POST", "/api/sessions/{session}/phase");
        return data;
    }

    [Theory]
    [MemberData(nameof(WrongRoles))]
    public async Task The_wrong_role_is_403_and_changes_nothing(string role, string method, string route)
    {
        var world = await World();
        var url = Fill(route, world);
        var readUrl = url.EndsWith("/phase") ? url[..^"/phase".Length] : url;
        var before = await Snapshot(Host.Client("admin"), readUrl);
        object body = route.Contains("phase")
            ? new { phase = "preparing" }
            : route.Contains("sessions") ? ApiWorld.SessionBody(world.Hall, world.Point, world.Delegate)
            : new { name = "Đổi tên", kind = "hall", province = "Huế", delegation = "Huế" };

        var response = await Host.Client(role).SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(body) });

        await response.Problem(403);
        Assert.Equal(before, await Snapshot(Host.Client("admin"), readUrl));
    }

    [Fact]
    public async Task Only_an_admin_may_override_and_the_override_is_on_the_history()
    {
        var world = await World();

        var byOperator = await Host.Client("operator").PostAsJsonAsync($"/api/sessions/{world.Session}/phase", new { phase = "preparing", @override = true, reason = "Khẩn" });
        await byOperator.Problem(403);

        var byAdmin = await Host.Client("admin").PostAsJsonAsync($"/api/sessions/{world.Session}/phase", new { phase = "preparing", @override = true, reason = "Khẩn" });
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        var change = (await byAdmin.Json())["history"]!.AsArray().Single()!;
        Assert.True((bool)change["override"]!);
        Assert.Equal("Khẩn", (string)change["reason"]!);
    }

    [Fact]
    public async Task Lodging_is_shown_to_admin_and_security_only()
    {
        var world = await World();

        foreach (var role in new[] { "operator", "leadership" })
        {
            var client = Host.Client(role);
            foreach (var url in new[] { $"/api/delegates/{world.Delegate}", "/api/delegates", $"/api/venues/{world.Lodging}", "/api/venues" })
            {
                var body = await (await client.GetAsync(url)).Content.ReadAsStringAsync();
                Assert.DoesNotContain("lodgingVenueId", body);
                Assert.DoesNotContain(ApiWorld.LodgingAddress, body);
            }
        }

        var security = await (await Host.Client("security").GetAsync($"/api/delegates/{world.Delegate}")).Json();
        Assert.Equal(world.Lodging, (string)security["lodgingVenueId"]!);
        var lodging = await (await Host.Client("security").GetAsync($"/api/venues/{world.Lodging}")).Json();
        Assert.Equal(ApiWorld.LodgingAddress, (string)lodging["address"]!);
    }

    [Fact]
    public async Task Health_and_readiness_answer_without_a_token()
    {
        Assert.Equal(HttpStatusCode.OK, (await Host.Client().GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client().GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_route_is_a_problem_too()
    {
        await (await Host.Client("admin").GetAsync("/api/nothing-here")).Problem(404);
    }

    [Fact]
    public async Task A_method_a_route_does_not_take_is_405_naming_those_it_does_not_a_missing_route()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();

        var get = await Host.Client("operator").GetAsync($"/api/connection-points/{world.Point}/heartbeats");
        var refused = await get.Problem(405);
        Assert.Equal(["POST"], get.Content.Headers.Allow);
        Assert.Contains("POST", (string)refused["detail"]!);

        var patch = await Host.Client("admin").PatchAsync($"/api/venues/{world.Hall}", JsonContent.Create(new { name = "Hội trường mới" }));
        await patch.Problem(405);
        Assert.Contains("GET", patch.Content.Headers.Allow);
        Assert.Contains("PUT", patch.Content.Headers.Allow);

        var hall = await (await Host.Client("admin").GetAsync($"/api/venues/{world.Hall}")).Json();
        Assert.NotEqual("Hội trường mới", (string)hall["name"]!);
    }

    [Fact]
    public async Task A_body_of_another_media_type_on_a_json_route_is_415_not_a_missing_route_and_changes_nothing()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var form = new StringContent("name=Hội trường mới", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        var refused = await (await Host.Client("admin").PutAsync($"/api/venues/{world.Hall}", form)).Problem(415);
        Assert.Contains("application/json", (string)refused["detail"]!);
        var heartbeat = new StringContent("seq=1", System.Text.Encoding.UTF8, "text/plain");
        await (await Host.Client("operator").PostAsync($"/api/connection-points/{world.Point}/heartbeats", heartbeat)).Problem(415);
        // Without a sign-in, the route's own answer comes first, as it does with the right Content-Type.
        await (await Host.Client().PostAsync($"/api/connection-points/{world.Point}/heartbeats", new StringContent("x", System.Text.Encoding.UTF8, "text/plain"))).Problem(401);
        // A path no route has is still 404, whatever its Content-Type.
        await (await Host.Client("admin").PostAsync("/api/nothing-here", new StringContent("x", System.Text.Encoding.UTF8, "text/plain"))).Problem(404);

        var hall = await (await Host.Client("admin").GetAsync($"/api/venues/{world.Hall}")).Json();
        Assert.NotEqual("Hội trường mới", (string)hall["name"]!);
        var point = await (await Host.Client("admin").GetAsync($"/api/connection-points/{world.Point}")).Json();
        Assert.Null(point["lastHeartbeatAt"]?.GetValue<string>());
    }

    /// <summary>What a read shows: the body of a resource, or the status of a refusal (whose trace id differs each time).</summary>
    private static async Task<string> Snapshot(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : $"{(int)response.StatusCode}";
    }

    private static string Fill(string template, ApiWorld? world) => world is null
        ? template.Replace("{hall}", "x").Replace("{lodging}", "x").Replace("{point}", "x").Replace("{delegate}", "x").Replace("{session}", "x")
        : template.Replace("{hall}", world.Hall).Replace("{lodging}", world.Lodging).Replace("{point}", world.Point)
            .Replace("{delegate}", world.Delegate).Replace("{session}", world.Session);
}
