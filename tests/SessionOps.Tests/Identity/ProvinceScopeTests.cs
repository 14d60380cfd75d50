using System.Net;
using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Identity;

/// <summary>An operator scoped to a province sees and acts on that province's connection points alone.</summary>
public sealed class ProvinceScopeTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_scoped_operator_sees_and_acts_on_their_provinces_points_only()
    {
        var host = fixture.Host;
        var world = await new ApiWorld(host.Client("admin")).Create(); // its point is in Huế
        var elsewhere = $"{world.Prefix}-cp-cm";
        Assert.True((await host.Client("admin").PutAsJsonAsync($"/api/connection-points/{elsewhere}",
            new { name = "Đoàn ĐBQH Cà Mau", province = "Cà Mau", kind = "provincialDelegation" })).IsSuccessStatusCode);
        var id = await TestAccounts.Create(host, "operator", provinces: ["Huế"]);
        using var hue = await TestAccounts.SignedIn(host, id);

        var listed = await (await hue.Http.GetAsync("/api/connection-points")).Content.ReadAsStringAsync();
        Assert.Contains(world.Point, listed);
        Assert.DoesNotContain(elsewhere, listed);
        Assert.Equal(HttpStatusCode.OK, (await hue.Http.GetAsync($"/api/connection-points/{world.Point}")).StatusCode);
        await (await hue.Http.GetAsync($"/api/connection-points/{elsewhere}")).Problem(403);

        await (await hue.Http.PostAsJsonAsync($"/api/connection-points/{elsewhere}/heartbeats", Heartbeats.Good(1))).Problem(403);
        Assert.Equal(HttpStatusCode.Accepted, (await hue.Http.PostAsJsonAsync($"/api/connection-points/{world.Point}/heartbeats", Heartbeats.Good(1))).StatusCode);

        // An operator with every province sees both.
        var all = await (await host.Client("operator").GetAsync("/api/connection-points")).Content.ReadAsStringAsync();
        Assert.Contains(elsewhere, all);
    }

    [Fact]
    public async Task A_scoped_leadership_user_gets_boards_and_pushes_of_their_provinces_alone()
    {
        var host = fixture.Host;
        var admin = host.Client("admin");
        var world = new ApiWorld(admin);
        await world.Create(); // its point is in Huế
        var elsewhere = $"{world.Prefix}-cp-cm";
        Assert.True((await admin.PutAsJsonAsync($"/api/connection-points/{elsewhere}",
            new { name = "Đoàn ĐBQH Cà Mau", province = "Cà Mau", kind = "provincialDelegation" })).IsSuccessStatusCode);
        Assert.True((await admin.PutAsJsonAsync($"/api/sessions/{world.Session}", new
        {
            title = "Phiên họp hai điểm cầu", kind = "plenary", format = "hybrid", hallVenueId = world.Hall,
            scheduledStart = ApiWorld.Start, scheduledEnd = ApiWorld.End,
            connectionPointIds = new[] { world.Point, elsewhere }, delegateIds = new[] { world.Delegate },
        })).IsSuccessStatusCode);
        var id = await TestAccounts.Create(host, "leadership", provinces: ["Huế"]);
        using var hue = await TestAccounts.SignedIn(host, id);

        var rest = await (await hue.Http.GetAsync($"/api/sessions/{world.Session}/board")).Json();
        Assert.Equal(1, (int)rest["connectionPoints"]!["total"]!);
        Assert.Equal(world.Point, (string)rest["connectionPoints"]!["items"]![0]!["id"]!);

        await using var hub = await HubClient.Connect(host, hue);
        var subscribed = await hub.Subscribe(world.Session);
        Assert.Equal(1, subscribed.Int("connectionPoints", "total"));

        var operatorClient = host.Client("operator");
        await Heartbeats.Send(operatorClient, elsewhere, Heartbeats.Good(1));
        await Heartbeats.Send(operatorClient, world.Point, Heartbeats.Good(1));
        var change = await hub.WaitFor("ConnectionPointChanged", c => c.Str("id") == world.Point);
        Assert.Equal("online", change.Str("health"));
        var board = await hub.WaitFor("BoardUpdated", b => b.Int("connectionPoints", "online") == 1);
        Assert.DoesNotContain(elsewhere, board.ToString());
        Assert.DoesNotContain(hub.All("ConnectionPointChanged"), c => c.Str("id") == elsewhere);
        Assert.DoesNotContain(hub.All("BoardUpdated"), b => b.ToString().Contains(elsewhere, StringComparison.Ordinal));
    }
}
