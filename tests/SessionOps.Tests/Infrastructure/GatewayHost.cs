using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SessionOps.Gateway.Auth;

namespace SessionOps.Tests.Infrastructure;

/// <summary>
/// The Gateway as it runs for real: Program's own start-up, a real Kestrel on 127.0.0.1 and, in embedded mode,
/// its co-hosted silo on a real SQLite file.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    public const string TestSigningKey = "sessionops-test-signing-key-0123456789abcdef";

    private readonly Factory _factory;

    private GatewayHost(Factory factory, Uri baseAddress)
    {
        _factory = factory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>
    /// Starts a Gateway. In embedded mode it keeps its state in <paramref name="sqlitePath"/>. A <paramref name="port"/>
    /// other than 0 puts it on that port, so that a test can stop it and start another where the clients expect it.
    /// </summary>
    public static Task<GatewayHost> Start(
        string sqlitePath, string environment = "Development", IDictionary<string, string?>? settings = null, int port = 0)
    {
        var all = new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = sqlitePath,
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(),
            ["Orleans:GatewayPort"] = FreePorts.Next().ToString(),
            ["Orleans:ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..8],
            ["DemoData"] = "false",
            // Test worlds sit today, often after their readiness deadline: a day past the start keeps deadlines from
            // falling in the middle of tests about something else. The deadline tests set their own.
            ["Readiness:DeadlineBeforeStart"] = "-1.00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        if (environment != "Development")
        {
            all["Auth:SigningKey"] = TestSigningKey;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var factory = new Factory(environment, all);
        factory.UseKestrel(port);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(a => new Uri(a.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1")))
            .First();
        return Task.FromResult(new GatewayHost(factory, address));
    }

    public string Token(string role, string name = "Người kiểm thử") =>
        Services.GetRequiredService<TokenIssuer>().Issue(name, role);

    /// <summary>An HTTP client of the real server; with a role, it carries that role's token.</summary>
    public HttpClient Client(string? role = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role));
        }

        return client;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private sealed class Factory(string environment, IDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}

public static class HttpExtensions
{
    public static Task<HttpResponseMessage> PutJson<T>(this HttpClient client, string url, T body) => client.PutAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PostJson<T>(this HttpClient client, string url, T body) => client.PostAsJsonAsync(url, body);
}
