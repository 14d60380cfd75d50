using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using SessionOps.Hosting;
using SessionOps.Tests.Infrastructure;
using SessionOps.Venues;
using StackExchange.Redis;

namespace SessionOps.Tests.Cluster;

/// <summary>
/// The cluster's insides are closed: Redis answers only with its password, Orleans connections are mutual TLS from the
/// cluster's own authority, and a process missing either refuses to start, naming the key to set.
/// </summary>
[Trait("Needs", "Redis")]
public sealed class ClusterSecurityTests : IAsyncLifetime
{
    private RedisCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RedisCluster.Start();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>
    /// Whether an Orleans client of the test cluster, on TLS from <paramref name="certificates"/> or on plaintext, gets a
    /// grain call answered: the cluster's own client within 45 s (it takes about 5), the others within 15 s (a refused client fails or keeps retrying its connection).
    /// </summary>
    private async Task<bool> Served(ClusterCertificates? certificates)
    {
        var settings = _cluster.Settings();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.Configuration.AddInMemoryCollection(certificates?.Settings() ?? new() { ["Orleans:Tls:Enabled"] = "false" });
        var tls = OrleansTls.From(builder.Configuration, builder.Environment);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (settings["Orleans:ClusterId"]!, settings["Orleans:ServiceId"]!));
            client.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(_cluster.Redis.ConnectionString));
            if (tls is not null)
            {
                client.UseTls(tls.Configure);
            }
        });

        using var host = builder.Build();
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(certificates == ClusterCertificates.Shared ? 45 : 15));
        try
        {
            await host.StartAsync(budget.Token).WaitAsync(budget.Token);
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<IVenueGrain>("tls-probe").Get().WaitAsync(budget.Token);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
        finally
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
                // A client that never connected has little to stop.
            }
        }
    }

    [Fact]
    public async Task A_silo_takes_a_client_with_the_clusters_certificate_and_refuses_one_on_plaintext_or_from_another_authority()
    {
        await _cluster.StartSilo();

        Assert.True(await Served(ClusterCertificates.Shared));
        Assert.False(await Served(certificates: null));
        Assert.False(await Served(ClusterCertificates.Foreign));
    }

    [Fact]
    public async Task Three_silos_and_a_gateway_work_together_over_tls_on_a_password_protected_redis()
    {
        await _cluster.StartSiloProcess();
        await _cluster.StartSiloProcess();
        await _cluster.StartSiloProcess();
        var gateway = await _cluster.StartGateway();

        // Twenty grains placed across the three silos: calls between them go over the silos' TLS connections too.
        var admin = gateway.Client("admin");
        for (var i = 0; i < 20; i++)
        {
            var put = await admin.PutAsJsonAsync($"/api/venues/tls-room-{i}", new { name = $"Phòng {i}", kind = "meetingRoom" });
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal($"Phòng {i}", (string)(await (await admin.GetAsync($"/api/venues/tls-room-{i}")).Json())["name"]!);
        }

        // Redis itself refuses anyone without the password.
        await using var anonymous = await ConnectionMultiplexer.ConnectAsync(_cluster.Redis.Address + ",abortConnect=false");
        var refused = await Record.ExceptionAsync(() => anonymous.GetDatabase().PingAsync());
        Assert.NotNull(refused);
    }

    [Fact]
    public async Task Over_a_redis_on_tls_the_cluster_trusts_the_configured_authority_and_a_silo_without_it_exits_naming_the_key()
    {
        await using var cluster = await RedisCluster.Start(redisTls: true);
        await cluster.StartSilo();
        var gateway = await cluster.StartGateway();
        var put = await gateway.Client("admin").PutAsJsonAsync("/api/venues/tls-redis-hall", new { name = "Hội trường", kind = "hall" });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        Assert.Equal("Hội trường", (string)(await (await gateway.Client("admin").GetAsync("/api/venues/tls-redis-hall")).Json())["name"]!);

        foreach (var authority in new[] { "", ClusterCertificates.Foreign.Authority })
        {
            var settings = cluster.Settings();
            settings["Redis:Authority"] = authority;
            var (exitCode, error) = await SiloProcess.RunToExit(settings);
            Assert.NotEqual(0, exitCode);
            Assert.Contains("is not one this process accepts", error);
            Assert.Contains("Redis:Authority", error);
        }
    }

    public static TheoryData<string, string?, string> BadSettings => new()
    {
        { "ConnectionStrings:Redis", "{address}", "asks for a password and ConnectionStrings:Redis gives none" },
        { "ConnectionStrings:Redis", "{address},password=not-the-password", "refused the password in ConnectionStrings:Redis" },
        { "ConnectionStrings:Redis", "127.0.0.1:1", "No Redis answered at 127.0.0.1:1, the address in ConnectionStrings:Redis" },
        { "ConnectionStrings:Redis", "{address},password=no-such-password,ssl=true", "with ssl=true, Redis must serve TLS on that port" },
        { "Orleans:Tls:Certificate", "", "Orleans:Tls:Certificate is required" },
        { "Orleans:Tls:Key", "/nonexistent/tls.key", "Orleans:Tls:Key names /nonexistent/tls.key, which does not exist" },
        { "Orleans:Tls:Authority", "{foreign-authority}", "is not one the cluster accepts" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_silo_with_a_missing_or_wrong_secret_exits_at_start_naming_the_key(string key, string? value, string message)
    {
        var settings = _cluster.Settings();
        settings[key] = value?.Replace("{address}", _cluster.Redis.Address).Replace("{foreign-authority}", ClusterCertificates.Foreign.Authority);
        // A Redis that is not there is waited for a minute in production; two seconds make the point here.
        settings["Redis:WaitAtStart"] = "00:00:02";

        var (exitCode, error) = await SiloProcess.RunToExit(settings);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, error);
        Assert.DoesNotContain(_cluster.Redis.Password, error);
        Assert.DoesNotContain("not-the-password", error);
    }

    [Fact]
    public async Task A_gateway_in_cluster_mode_with_a_wrong_redis_password_exits_at_start_naming_the_key()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "SessionOps.Gateway.dll"), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var (key, value) in _cluster.Settings())
        {
            start.Environment[key.Replace(":", "__")] = value;
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Auth__SigningKey"] = GatewayHost.TestSigningKey;
        start.Environment["SessionOps__Mode"] = "cluster";
        start.Environment["ConnectionStrings__Redis"] = _cluster.Redis.Address + ",password=wrong-password";

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("refused the password in ConnectionStrings:Redis", await error);
        Assert.DoesNotContain("wrong-password", await error);
    }
}
