using Microsoft.AspNetCore.SignalR.Client;
using System.Net;
using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Security;

/// <summary>
/// Every route of the API and the hub, called with each of the four roles and with no token, against the contract's
/// role table; and no answer to an operator or to leadership carries a waypoint or a lodging address.
/// </summary>
public sealed class AccessMatrixTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Waypoint = "Ngõ 48 Nguyễn Thái Học";
    private const string LodgingName = "Nhà khách Ba Đình";
    private const string SweepNote = "Phương tiện lạ đỗ trước cổng";
    private const string RouteCheckNote = "Thi công trên tuyến Kim Mã";
    private const string SecurityIncidentNote = "Đã cử tổ tuần tra đến nơi";

    /// <summary>What security writes or keeps: none of it may reach an operator or leadership.</summary>
    private static readonly string[] SecurityMarkers = [Waypoint, ApiWorld.LodgingAddress, "lodgingVenueId", LodgingName, SweepNote, RouteCheckNote, SecurityIncidentNote];

    private static readonly string[] Everyone = ["admin", "operator", "security", "leadership"];

    private GatewayHost Host => fixture.Host;

    /// <summary>method, url, body, the roles the contract allows.</summary>
    private static IEnumerable<(string Method, string Url, object? Body, string[] Allowed)> Routes(ApiWorld w, string incidentId, SetUp s) =>
    [
        ("GET", "/api/auth/me", null, Everyone),
        ("GET", "/metrics", null, Everyone),
        ("GET", "/api/users", null, ["admin"]),
        ("GET", $"/api/users/{s.UserId}", null, ["admin"]),
        ("PUT", $"/api/users/{s.UserId}", new { name = "Người dùng thử", role = "operator" }, ["admin"]),
        ("POST", $"/api/users/{s.UserId}/password", new { password = "một-mật-khẩu-đủ-dài" }, ["admin"]),
        ("POST", $"/api/users/{s.UserId}/disable", null, ["admin"]),
        ("POST", $"/api/users/{s.UserId}/enable", null, ["admin"]),
        ("GET", "/api/displays", null, ["admin"]),
        ("POST", "/api/displays", new { name = "Màn hình thử" }, ["admin"]),
        ("DELETE", $"/api/displays/{s.DisplayId}", null, ["admin"]),
        ("GET", $"/api/connection-points/{w.Point}/agent-keys", null, ["admin"]),
        ("POST", $"/api/connection-points/{w.Point}/agent-keys", null, ["admin"]),
        ("DELETE", $"/api/connection-points/{w.Point}/agent-keys/{s.AgentKeyId}", null, ["admin"]),
        ("GET", "/api/venues", null, Everyone),
        ("GET", $"/api/venues/{w.Hall}", null, Everyone),
        ("GET", $"/api/venues/{w.Lodging}", null, Everyone),
        ("PUT", $"/api/venues/{w.Hall}", new { name = "Hội trường Diên Hồng", kind = "hall", address = "Số 1 Độc Lập" }, ["admin"]),
        ("GET", "/api/connection-points", null, Everyone),
        ("GET", $"/api/connection-points/{w.Point}", null, Everyone),
        ("GET", $"/api/connection-points/{w.Point}/samples", null, Everyone),
        ("PUT", $"/api/connection-points/{w.Point}", new { name = "Đoàn ĐBQH Huế", province = "Huế", kind = "provincialDelegation" }, ["admin"]),
        ("GET", "/api/delegates", null, Everyone),
        ("GET", $"/api/delegates/{w.Delegate}", null, Everyone),
        ("PUT", $"/api/delegates/{w.Delegate}", new { name = "Lê Thị D", delegation = "Huế", lodgingVenueId = w.Lodging }, ["admin"]),
        ("GET", "/api/sessions", null, Everyone),
        ("GET", $"/api/sessions/{w.Session}", null, Everyone),
        ("PUT", $"/api/sessions/{w.Session}", ApiWorld.SessionBody(w.Hall, w.Point, w.Delegate), ["admin"]),
        ("POST", $"/api/sessions/{w.Session}/phase", new { phase = "preparing" }, ["admin", "operator"]),
        ("GET", $"/api/sessions/{w.Session}/board", null, Everyone),
        ("GET", "/api/board", null, Everyone),
        ("GET", $"/api/sessions/{w.Session}/readiness", null, Everyone),
        ("GET", $"/api/sessions/{w.Session}/timeline", null, Everyone),
        ("POST", $"/api/sessions/{w.Session}/readiness/checks", new { targetType = "connectionPoint", targetId = w.Point, item = "dryRun", status = "pass" }, ["admin", "operator"]),
        ("POST", $"/api/sessions/{w.Session}/readiness/checks", new { targetType = "venue", targetId = w.Lodging, item = "securitySweep", status = "pass" }, ["admin", "security"]),
        ("POST", $"/api/connection-points/{w.Point}/heartbeats", Heartbeats.Good(DateTimeOffset.UtcNow.Ticks), ["admin", "operator"]),
        ("POST", "/api/heartbeats", new object[] { new { connectionPointId = w.Point, seq = 1, sentAt = DateTimeOffset.Now.ToString("O"), latencyMs = 50, jitterMs = 5, packetLossPct = 0, bitrateKbps = 2000, audio = true, video = true } }, ["admin", "operator"]),
        ("GET", "/api/incidents", null, Everyone),
        ("GET", $"/api/incidents?sessionId={w.Session}", null, Everyone),
        ("GET", $"/api/incidents/{incidentId}", null, Everyone),
        ("POST", $"/api/incidents/{incidentId}/acknowledge", new { note = "Đã nhận" }, ["admin", "operator"]),
        ("PUT", $"/api/delegates/{w.Delegate}/route", RouteBody(w), ["admin", "security"]),
        ("GET", $"/api/delegates/{w.Delegate}/route", null, ["admin", "security"]),
        ("POST", $"/api/delegates/{w.Delegate}/route/checks", new { status = "clear" }, ["admin", "security"]),
        ("GET", $"/api/sessions/{w.Session}/routes", null, ["admin", "security"]),
        ("POST", $"/api/venues/{w.Lodging}/sweeps", new { status = "clear" }, ["admin", "security"]),
        ("GET", $"/api/venues/{w.Lodging}/sweeps", null, ["admin", "security"]),
        ("POST", $"/api/sessions/{w.Session}/attendance", new { delegateId = w.Delegate, status = "inHall" }, ["admin", "security"]),
        ("POST", $"/api/sessions/{w.Session}/attendance", new { delegateId = w.Delegate, status = "online", connectionPointId = w.Point }, ["admin", "operator"]),
        ("GET", $"/api/sessions/{w.Session}/attendance", null, ["admin", "operator", "security"]),
        ("GET", "/api/audit", null, ["admin"]),
        ("POST", $"/api/incidents/{incidentId}/resolve", new { note = "Đã xử lý" }, ["admin", "operator"]),
    ];

    private static object RouteBody(ApiWorld w) => new
    {
        destinationVenueId = w.Hall,
        waypoints = new object[] { new { name = "Nhà khách Ba Đình" }, new { name = Waypoint, lat = 21.03, lon = 105.84 } },
    };

    [Fact]
    public async Task Every_route_answers_each_role_as_the_contract_says_and_never_gives_away_a_route_or_a_lodging()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        await Host.Client("security").PutAsJsonAsync($"/api/delegates/{world.Delegate}/route", RouteBody(world));
        var incidentId = await OpenIncident(world);
        var setUp = await SecurityWorkAndAccounts(world);
        var failures = new List<string>();

        foreach (var (method, url, body, allowed) in Routes(world, incidentId, setUp))
        {
            foreach (var role in Everyone.Append(null))
            {
                var response = await Host.Client(role).SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
                {
                    Content = body is null ? null : JsonContent.Create(body),
                });
                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync();
                var expected = role is null ? "401" : allowed.Contains(role) ? "allowed" : "403";
                var ok = expected switch
                {
                    "401" => status == 401,
                    "403" => status == 403,
                    _ => status is >= 200 and < 300 or 409,
                };
                if (!ok)
                {
                    failures.Add($"{role ?? "no token"} {method} {url}: expected {expected}, got {status} {text[..Math.Min(200, text.Length)]}");
                }

                if (role is "operator" or "leadership" && SecurityMarkers.FirstOrDefault(text.Contains) is { } marker)
                {
                    failures.Add($"{role} {method} {url}: the answer carries security's data ({marker})");
                }

                if (text.Contains("AQAAAA", StringComparison.Ordinal))
                {
                    failures.Add($"{role} {method} {url}: the answer carries a password hash");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_hub_takes_every_role_and_no_anonymous_connection_and_its_boards_carry_no_route_or_lodging()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        await Host.Client("security").PutAsJsonAsync($"/api/delegates/{world.Delegate}/route", RouteBody(world));

        foreach (var role in Everyone)
        {
            await using var client = await HubClient.Connect(Host, role);
            var board = await client.Subscribe(world.Session);
            Assert.DoesNotContain(Waypoint, board.ToString());
            Assert.DoesNotContain(ApiWorld.LodgingAddress, board.ToString());
        }

        // Security's incidents reach operators and leadership without security's words or the lodging's name.
        await using var leadership = await HubClient.Connect(Host, "leadership");
        await using var securityHub = await HubClient.Connect(Host, "security");
        await leadership.Subscribe(world.Session);
        await securityHub.Subscribe(world.Session);
        await Host.Client("security").PostAsJsonAsync($"/api/venues/{world.Lodging}/sweeps", new { status = "issue", note = SweepNote });
        var seenBySecurity = await securityHub.WaitFor("IncidentChanged", i => i.Str("kind") == "security");
        var seenByLeadership = await leadership.WaitFor("IncidentChanged", i => i.Str("kind") == "security");
        Assert.Contains(LodgingName, seenBySecurity.ToString());
        Assert.DoesNotContain(LodgingName, seenByLeadership.ToString());
        Assert.DoesNotContain(SweepNote, seenByLeadership.ToString());

        var anonymous = new HubConnectionBuilder().WithUrl(new Uri(Host.BaseAddress, "/hubs/ops")).Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private sealed record SetUp(string UserId, string DisplayId, string AgentKeyId);

    /// <summary>
    /// Security's work with words of its own (a sweep that found an issue at the lodging, a route check with a note, a
    /// security incident acknowledged with a note), and an account, a display and an agent key to act on.
    /// </summary>
    private async Task<SetUp> SecurityWorkAndAccounts(ApiWorld world)
    {
        var security = Host.Client("security");
        Assert.True((await security.PostAsJsonAsync($"/api/venues/{world.Lodging}/sweeps", new { status = "issue", note = SweepNote })).IsSuccessStatusCode);
        Assert.True((await security.PostAsJsonAsync($"/api/delegates/{world.Delegate}/route/checks", new { status = "issue", note = RouteCheckNote })).IsSuccessStatusCode);
        var incidents = await Eventually.Get(
            async () => (await (await Host.Client("admin").GetAsync($"/api/incidents?sessionId={world.Session}")).Json()).AsArray(),
            list => list.Any(i => (string)i!["kind"]! == "security"));
        var securityIncident = (string)incidents.First(i => (string)i!["kind"]! == "security")!["id"]!;
        Assert.True((await security.PostAsJsonAsync($"/api/incidents/{securityIncident}/acknowledge", new { note = SecurityIncidentNote })).IsSuccessStatusCode);

        var admin = Host.Client("admin");
        var userId = "u-" + world.Prefix;
        Assert.True((await admin.PutAsJsonAsync($"/api/users/{userId}", new { name = "Người dùng thử", role = "operator" })).IsSuccessStatusCode);
        Assert.True((await admin.PostAsJsonAsync($"/api/users/{userId}/password", new { password = "một-mật-khẩu-đủ-dài" })).IsSuccessStatusCode);
        var display = await (await admin.PostAsJsonAsync("/api/displays", new { name = "Màn hình sảnh" })).Json();
        var key = await (await admin.PostAsync($"/api/connection-points/{world.Point}/agent-keys", null)).Json();
        return new SetUp(userId, (string)display["id"]!, (string)key["keyId"]!);
    }

    /// <summary>A technical incident to acknowledge and resolve: the point degrades while the session is prepared.</summary>
    private async Task<string> OpenIncident(ApiWorld world)
    {
        await world.MoveTo(Host.Client("operator"), "preparing");
        await Heartbeats.Send(Host.Client("operator"), world.Point, Heartbeats.Good(1), Heartbeats.Poor(2), Heartbeats.Poor(3), Heartbeats.Poor(4));
        var incidents = await Eventually.Get(
            async () => (await (await Host.Client("admin").GetAsync($"/api/incidents?sessionId={world.Session}")).Json()).AsArray(),
            list => list.Count > 0);
        return (string)incidents[0]!["id"]!;
    }
}
