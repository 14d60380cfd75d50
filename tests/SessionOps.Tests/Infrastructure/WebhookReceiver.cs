using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SessionOps.Tests.Infrastructure;

/// <summary>
/// An on-call team's webhook endpoint: a real Kestrel on 127.0.0.1 that keeps every request it gets (raw body and
/// headers) and answers with the status the test sets (the next ones queued first, then <see cref="Answer"/>).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<Received> _received = [];

    private WebhookReceiver(WebApplication app) => _app = app;

    public sealed record Received(DateTimeOffset At, string Path, byte[] Body, IReadOnlyDictionary<string, string> Headers, int AnsweredWith)
    {
        public JsonNode Json => JsonNode.Parse(Body)!;

        public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>The status answered once the queue is empty.</summary>
    public int Answer { get; set; } = 200;

    public ConcurrentQueue<int> NextAnswers { get; } = new();

    public IReadOnlyList<Received> Requests
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<WebhookReceiver> Start(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/{**rest}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var status = receiver.NextAnswers.TryDequeue(out var next) ? next : receiver.Answer;
            lock (receiver._received)
            {
                receiver._received.Add(new Received(DateTimeOffset.UtcNow, http.Request.Path, body.ToArray(),
                    http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), status));
            }

            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hooks/on-call");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
