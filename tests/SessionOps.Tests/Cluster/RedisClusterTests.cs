using System.Net;
using System.Net.Http.Json;
using SessionOps.Catalogs;
using SessionOps.Tests.Infrastructure;
using SessionOps.Venues;

namespace SessionOps.Tests.Cluster;

/// <summary>The cluster mode on a real Redis.</summary>
[Trait("Needs", "Redis")]
public sealed class RedisClusterTests : IAsyncLifetime
{
    private RedisCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RedisCluster.Start();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static VenueSpec Room(int i) => new($"Phòng họp số {i}", VenueKind.MeetingRoom, null);

    [Fact]
    public async Task State_written_through_one_silo_is_read_through_the_other_after_the_first_is_stopped()
    {
        var first = await _cluster.StartSilo();
        var second = await _cluster.StartSilo();

        // Twenty grains, placed at random: the chance that none of them lives on the first silo is one in a million.
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await RedisCluster.Grains(first).GetGrain<IVenueGrain>($"room-{i}").Define(Room(i))).IsOk);
        }

        await first.StopAsync();

        for (var i = 0; i < 20; i++)
        {
            var venue = await Eventually.Get(() => RedisCluster.Grains(second).GetGrain<IVenueGrain>($"room-{i}").Get(), v => v is not null, what: $"room-{i}");
            Assert.Equal(Room(i).Name, venue!.Name);
        }

        Assert.Equal(20, (await RedisCluster.Grains(second).GetGrain<ICatalogGrain>(Catalog.Venues).List()).Length);
    }

    [Fact]
    public async Task An_acknowledged_write_survives_a_kill_and_restart_of_redis_itself()
    {
        var silo = await _cluster.StartSilo();
        Assert.True((await RedisCluster.Grains(silo).GetGrain<IVenueGrain>("hall").Define(new("Hội trường Diên Hồng", VenueKind.Hall, null))).IsOk);
        await silo.StopAsync();

        _cluster.Redis.Kill();
        await _cluster.Redis.Run();

        var fresh = await _cluster.StartSilo();
        var venue = await Eventually.Get(() => RedisCluster.Grains(fresh).GetGrain<IVenueGrain>("hall").Get(), v => v is not null);
        Assert.Equal("Hội trường Diên Hồng", venue!.Name);
    }

    [Fact]
    public async Task A_gateway_in_cluster_mode_serves_the_api_from_the_silos()
    {
        var silo = await _cluster.StartSilo();
        var gateway = await _cluster.StartGateway();

        var put = await gateway.Client("admin").PutAsJsonAsync("/api/venues/dien-hong", new { name = "Hội trường Diên Hồng", kind = "hall" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var venue = await RedisCluster.Grains(silo).GetGrain<IVenueGrain>("dien-hong").Get();
        Assert.Equal("Hội trường Diên Hồng", venue!.Name);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client().GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task A_redis_outage_leaves_the_gateway_ready_but_reported_degraded_and_losing_every_silo_makes_it_unready()
    {
        var silo = await _cluster.StartSilo();
        var gateway = await _cluster.StartGateway();
        var client = gateway.Client();
        var ready = await (await client.GetAsync("/readyz")).Json();
        Assert.Equal("Healthy", (string)ready["status"]!);

        // Redis, which every Gateway shares, goes away: this Gateway can still serve pages, pushes and the silos' memory.
        _cluster.Redis.Kill();
        var duringOutage = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, duringOutage.StatusCode);
        var report = await duringOutage.Json();
        Assert.Equal("Degraded", (string)report["status"]!);
        Assert.Equal("Degraded", (string)report["checks"]!["storage"]!["status"]!);
        Assert.Equal("Healthy", (string)report["checks"]!["silos"]!["status"]!);

        await _cluster.Redis.Run();
        await Eventually.Get(async () => (string)(await (await client.GetAsync("/readyz")).Json())["status"]!, status => status == "Healthy",
            TimeSpan.FromSeconds(60), "storage healthy again");

        // No silo at all: this replica can serve nothing that needs one.
        await silo.StopAsync();
        await Eventually.Get(async () => (await client.GetAsync("/readyz")).StatusCode, status => status == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(60), "unready without silos");
    }

    [Fact]
    public async Task Two_gateways_over_one_cluster_each_push_the_same_change_to_their_own_clients()
    {
        await _cluster.StartSilo();
        await _cluster.StartSilo();
        var first = await _cluster.StartGateway();
        var second = await _cluster.StartGateway();
        var world = await (await new ApiWorld(first.Client("admin")).Create()).MoveTo(first.Client("operator"), "preparing");
        await using var onFirst = await HubClient.Connect(first, "operator");
        await using var onSecond = await HubClient.Connect(second, "leadership");
        await onFirst.Subscribe(world.Session);
        await onSecond.Subscribe(world.Session);

        await Heartbeats.Send(first.Client("operator"), world.Point, Heartbeats.Good(1), Heartbeats.Poor(2), Heartbeats.Poor(3), Heartbeats.Poor(4));

        foreach (var client in new[] { onFirst, onSecond })
        {
            await client.WaitFor("ConnectionPointChanged", c => c.Str("id") == world.Point && c.Str("health") == "degraded");
            await client.WaitFor("BoardUpdated", b => b.Int("connectionPoints", "degraded") == 1);
            await client.WaitFor("IncidentChanged", i => i.Str("targetId") == world.Point);
        }
    }
}
