using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionOps.Gateway.Api;

namespace SessionOps.Benchmarks;

/// <summary>
/// The baselines: a bare Kestrel minimal API on the same routes that parses the same heartbeat JSON and answers 202
/// with the same body, and a bare SignalR hub whose clients join one group. No authentication, no grains, nothing
/// else: what the machine can do with the web stack alone.
/// </summary>
public sealed class BareServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IHubContext<BareHub> Hub => _app.Services.GetRequiredService<IHubContext<BareHub>>();

    public static async Task<BareServer> Start(int? fixedPort = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ContentRootPath = AppContext.BaseDirectory,
        });
        // The output folder holds the Gateway's appsettings.json (Information): the baseline logs at Warning, as the Gateway here.
        builder.Configuration.AddInMemoryCollection([
            new("Logging:LogLevel:Default", "Warning"),
            new("Logging:LogLevel:Microsoft.AspNetCore", "Warning"),
            new("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning"),
        ]);
        var port = fixedPort ?? BenchHost.FreePort();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        builder.Services.AddSignalR().AddJsonProtocol(options =>
            options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));

        var app = builder.Build();
        app.MapPost("/api/connection-points/{id}/heartbeats", (string id, HeartbeatBody body) =>
            Microsoft.AspNetCore.Http.Results.Accepted(value: new HeartbeatAccepted(1, 0)));
        app.MapPost("/api/heartbeats", (HeartbeatBody[] batch) =>
            Microsoft.AspNetCore.Http.Results.Accepted(value: new HeartbeatAccepted(batch.Length, 0)));
        app.MapHub<BareHub>("/hubs/bare");
        await app.StartAsync();
        return new BareServer(app, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The baseline hub: a client joins the session's group, as on <c>/hubs/ops</c>, and nothing else.</summary>
public sealed class BareHub : Hub
{
    public Task Subscribe(string sessionId) => Groups.AddToGroupAsync(Context.ConnectionId, "session:" + sessionId);
}
