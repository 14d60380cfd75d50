using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SessionOps.Gateway.Auth;

namespace SessionOps.Benchmarks;

/// <summary>
/// The real Gateway, started by its own <c>Program</c> on a real Kestrel at 127.0.0.1, with its co-hosted silo on a
/// SQLite file of its own: the embedded mode as it runs in production, minus the demo data (unless asked for).
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    private readonly Factory _factory;

    private BenchHost(Factory factory, Uri baseAddress, string sqlitePath)
    {
        _factory = factory;
        BaseAddress = baseAddress;
        SqlitePath = sqlitePath;
    }

    public Uri BaseAddress { get; }

    public string SqlitePath { get; }

    public IServiceProvider Services => _factory.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public static BenchHost Start(string sqlitePath, bool demoData = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = sqlitePath,
            ["Orleans:SiloPort"] = FreePort().ToString(),
            ["Orleans:GatewayPort"] = FreePort().ToString(),
            ["Orleans:ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..8],
            ["DemoData"] = demoData ? "true" : "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Warning",
        };
        var factory = new Factory(settings);
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(a => new Uri(a.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1")))
            .First();
        return new BenchHost(factory, address, sqlitePath);
    }

    public string Token(string role) => Services.GetRequiredService<TokenIssuer>().Issue("Benchmark", role);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    public static int FreePort()
    {
        // Orleans binds with SO_REUSEPORT: two silos on one port would share it silently, so each gets its own.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Factory(IDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Development for the development signing key (tokens via TokenIssuer); logging at Warning as in production.
            builder.UseEnvironment("Development");
            // The Gateway's own folder (its appsettings.json), wherever the benchmark is run from.
            builder.UseContentRoot(Path.Combine(BenchmarkProgram.RepositoryRoot(), "src", "Gateway"));
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
