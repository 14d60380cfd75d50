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
    /// <summary>Made afresh for every test run: a key written in the repository is refused outside Development.</summary>
    public static readonly string TestSigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

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
            // Tests drive many requests through one name; the rate-limit tests turn the limits on.
            ["RateLimits:Enabled"] = "false",
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

    /// <summary>
    /// A browser-like client: no bearer token, a cookie jar, and the header of the pages' own requests. Signed in with
    /// the Development quick form when <paramref name="role"/> is given.
    /// </summary>
    public async Task<CookieClient> Browser(string? role = null, string name = "Người kiểm thử")
    {
        var client = new CookieClient(BaseAddress);
        if (role is not null)
        {
            var response = await client.Http.PostAsJsonAsync("/api/dev/signin", new { name, role });
            response.EnsureSuccessStatusCode();
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

/// <summary>An HTTP client that keeps cookies, as a browser does, and sends the pages' own request header.</summary>
public sealed class CookieClient : IDisposable
{
    public CookieClient(Uri baseAddress, bool pagesHeader = true)
    {
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (pagesHeader)
        {
            Http.DefaultRequestHeaders.Add("X-Requested-With", "XMLHttpRequest");
        }
    }

    public System.Net.CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    /// <summary>The session cookie's value, or null.</summary>
    public string? Session => Cookies.GetCookies(Http.BaseAddress!).FirstOrDefault(c => c.Name == "sessionops")?.Value;

    public void Dispose() => Http.Dispose();
}

public static class HttpExtensions
{
    public static Task<HttpResponseMessage> PutJson<T>(this HttpClient client, string url, T body) => client.PutAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PostJson<T>(this HttpClient client, string url, T body) => client.PostAsJsonAsync(url, body);
}
