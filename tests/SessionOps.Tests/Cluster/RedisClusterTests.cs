using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionOps.Catalogs;
using SessionOps.Hosting;
using SessionOps.Tests.Infrastructure;
using SessionOps.Venues;

namespace SessionOps.Tests.Cluster;

/// <summary>The cluster mode on a real Redis: silos built by the same hosting code as src/Silo.</summary>
public sealed class RedisClusterTests : IAsyncLifetime
{
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<IHost> _silos = [];
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.Start();

    private Dictionary<string, string?> Settings() => new()
    {
        ["ConnectionStrings:Redis"] = _redis.ConnectionString,
        ["Orleans:ClusterId"] = _clusterId,
        ["Orleans:ServiceId"] = _clusterId,
        ["Orleans:AdvertisedIP"] = "127.0.0.1",
        ["Orleans:SiloPort"] = FreePorts.Next().ToString(),
        ["Orleans:GatewayPort"] = FreePorts.Next().ToString(),
    };

    private async Task<IHost> StartSilo()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(Settings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseSessionOpsCluster(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        _silos.Add(host);
        return host;
    }

    private static IGrainFactory Grains(IHost silo) => silo.Services.GetRequiredService<IGrainFactory>();

    private static VenueSpec Room(int i) => new($"Phòng họp số {i}", VenueKind.MeetingRoom, null);

    [Fact]
    public async Task State_written_through_one_silo_is_read_through_the_other_after_the_first_is_stopped()
    {
        var first = await StartSilo();
        var second = await StartSilo();

        // Twenty grains, placed at random: the chance that none of them lives on the first silo is one in a million.
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await Grains(first).GetGrain<IVenueGrain>($"room-{i}").Define(Room(i))).IsOk);
        }

        await first.StopAsync();

        for (var i = 0; i < 20; i++)
        {
            var venue = await Eventually.Get(() => Grains(second).GetGrain<IVenueGrain>($"room-{i}").Get(), v => v is not null, what: $"room-{i}");
            Assert.Equal(Room(i).Name, venue!.Name);
        }

        Assert.Equal(20, (await Grains(second).GetGrain<ICatalogGrain>(Catalog.Venues).List()).Length);
    }

    [Fact]
    public async Task An_acknowledged_write_survives_a_kill_and_restart_of_redis_itself()
    {
        var silo = await StartSilo();
        Assert.True((await Grains(silo).GetGrain<IVenueGrain>("hall").Define(new("Hội trường Diên Hồng", VenueKind.Hall, null))).IsOk);
        await silo.StopAsync();

        _redis.Kill();
        await _redis.Run();

        var fresh = await StartSilo();
        var venue = await Eventually.Get(() => Grains(fresh).GetGrain<IVenueGrain>("hall").Get(), v => v is not null);
        Assert.Equal("Hội trường Diên Hồng", venue!.Name);
    }

    [Fact]
    public async Task A_gateway_in_cluster_mode_serves_the_api_from_the_silos()
    {
        var silo = await StartSilo();
        using var directory = new TempDirectory();
        var settings = Settings();
        settings["SessionOps:Mode"] = "cluster";
        await using var gateway = await GatewayHost.Start(directory.File("unused.db"), settings: settings);

        var put = await gateway.Client("admin").PutAsJsonAsync("/api/venues/dien-hong", new { name = "Hội trường Diên Hồng", kind = "hall" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var venue = await Grains(silo).GetGrain<IVenueGrain>("dien-hong").Get();
        Assert.Equal("Hội trường Diên Hồng", venue!.Name);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client().GetAsync("/readyz")).StatusCode);
        Assert.False(File.Exists(directory.File("unused.db")));
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            try
            {
                await silo.StopAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception)
            {
                // Already stopped by the test.
            }

            silo.Dispose();
        }

        await _redis.DisposeAsync();
    }
}
