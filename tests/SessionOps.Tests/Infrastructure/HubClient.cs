using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace SessionOps.Tests.Infrastructure;

/// <summary>A real SignalR client of <c>/hubs/ops</c> that keeps every message it receives, to wait on.</summary>
public sealed class HubClient : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Method, JsonElement Body)> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private HubClient(HubConnection connection)
    {
        Connection = connection;
        foreach (var method in new[] { "BoardUpdated", "ConnectionPointChanged", "IncidentChanged", "RouteChanged" })
        {
            connection.On<JsonElement>(method, body =>
            {
                _received.Enqueue((method, body));
                _arrived.Release();
            });
        }
    }

    public HubConnection Connection { get; }

    public static async Task<HubClient> Connect(GatewayHost host, string role)
    {
        var token = host.Token(role);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/hubs/ops"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var client = new HubClient(connection);
        await connection.StartAsync();
        return client;
    }

    /// <summary>Connects as a browser does: with the session cookie of <paramref name="browser"/>, no token.</summary>
    public static async Task<HubClient> Connect(GatewayHost host, CookieClient browser)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/hubs/ops"), options =>
            {
                options.Cookies = browser.Cookies;
                options.Headers["X-Requested-With"] = "XMLHttpRequest";
            })
            .Build();
        var client = new HubClient(connection);
        await connection.StartAsync();
        return client;
    }

    /// <summary>Completes when the server closes the connection.</summary>
    public Task Closed
    {
        get
        {
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Connection.Closed += _ =>
            {
                closed.TrySetResult();
                return Task.CompletedTask;
            };
            if (Connection.State == HubConnectionState.Disconnected)
            {
                closed.TrySetResult();
            }

            return closed.Task;
        }
    }

    public Task<JsonElement> Subscribe(string sessionId) => Connection.InvokeAsync<JsonElement>("Subscribe", sessionId);

    public IEnumerable<JsonElement> All(string method) => _received.Where(m => m.Method == method).Select(m => m.Body);

    /// <summary>The first message of <paramref name="method"/>, already received or still to come, that satisfies <paramref name="match"/>.</summary>
    public async Task<JsonElement> WaitFor(string method, Func<JsonElement, bool> match, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            foreach (var body in All(method))
            {
                if (match(body))
                {
                    return body;
                }
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                throw new TimeoutException($"No {method} matched; received: {string.Join(" | ", All(method).Select(b => b.ToString()).TakeLast(3))}");
            }
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}

public static class JsonElementExtensions
{
    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static int Int(this JsonElement element, params string[] path) => path.Aggregate(element, (e, p) => e.GetProperty(p)).GetInt32();

    public static long Long(this JsonElement element, string name) => element.GetProperty(name).GetInt64();
}
