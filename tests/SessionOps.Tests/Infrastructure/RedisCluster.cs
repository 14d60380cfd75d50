using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionOps.Hosting;

namespace SessionOps.Tests.Infrastructure;

/// <summary>
/// A cluster on a real, password-protected Redis of its own: silos built by the same hosting code as src/Silo, in
/// this process or as processes, and Gateways in cluster mode on real Kestrels; every Orleans connection over mutual TLS.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<IHost> _silos = [];
    private readonly List<GatewayHost> _gateways = [];
    private readonly List<SiloProcess> _processes = [];
    private readonly TempDirectory _directory = new();

    private RedisCluster(RedisServer redis) => Redis = redis;

    public RedisServer Redis { get; }

    /// <param name="redisTls">Redis on TLS only, its certificate from the cluster's test authority (<c>Redis:Authority</c>).</param>
    public static async Task<RedisCluster> Start(bool redisTls = false)
    {
        var cluster = new RedisCluster(await RedisServer.Start(redisTls ? ClusterCertificates.Shared : null));
        cluster._redisAuthority = redisTls ? ClusterCertificates.Shared.Authority : null;
        return cluster;
    }

    private string? _redisAuthority;

    public Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>(ClusterCertificates.Shared.Settings())
        {
            ["ConnectionStrings:Redis"] = Redis.ConnectionString,
            ["Orleans:ClusterId"] = _clusterId,
            ["Orleans:ServiceId"] = _clusterId,
            ["Orleans:AdvertisedIP"] = "127.0.0.1",
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(),
            ["Orleans:GatewayPort"] = FreePorts.Next().ToString(),
        };
        if (_redisAuthority is not null)
        {
            settings["Redis:Authority"] = _redisAuthority;
        }

        return settings;
    }

    public async Task<IHost> StartSilo(IDictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(Settings());
        builder.Configuration.AddInMemoryCollection(extra ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseSessionOpsCluster(builder.Configuration, builder.Environment));
        var host = builder.Build();
        await host.StartAsync();
        _silos.Add(host);
        return host;
    }

    /// <summary>A silo as its own process, from src/Silo's build.</summary>
    public async Task<SiloProcess> StartSiloProcess(IDictionary<string, string?>? extra = null)
    {
        var settings = Settings();
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var silo = await SiloProcess.Start(settings);
        _processes.Add(silo);
        return silo;
    }

    public async Task<GatewayHost> StartGateway(IDictionary<string, string?>? extra = null)
    {
        var settings = Settings();
        settings["SessionOps:Mode"] = "cluster";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var gateway = await GatewayHost.Start(_directory.File($"unused-{_gateways.Count}.db"), settings: settings);
        _gateways.Add(gateway);
        return gateway;
    }

    public static IGrainFactory Grains(IHost silo) => silo.Services.GetRequiredService<IGrainFactory>();

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

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

        await Redis.DisposeAsync();
        _directory.Dispose();
    }
}
