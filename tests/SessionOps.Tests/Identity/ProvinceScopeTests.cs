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
}
