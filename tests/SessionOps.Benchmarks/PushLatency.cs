using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace SessionOps.Benchmarks;

public sealed record PushResult(string Target, int Clients, int Changes, long Samples, double P50Ms, double P99Ms, double MaxMs, long Missed, double ConnectSeconds);

/// <summary>
/// M SignalR clients subscribed to one session. For each change the driver stamps the moment it starts it (the
/// heartbeat that changes a point's health is sent; or, for the baseline, the broadcast is sent) and every client
/// stamps the moment its <c>ConnectionPointChanged</c> arrives.
/// </summary>
public sealed class PushClients : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private Expectation? _current;

    public double ConnectSeconds { get; private set; }

    /// <summary>The least time from one change's deciding send to the next; zero: the next goes as soon as the last arrived.</summary>
    public TimeSpan Pace { get; set; }

    public int Count => _connections.Count;

    public static Task<PushClients> Connect(Uri hubUrl, string? token, int count, Func<HubConnection, Task> subscribe) =>
        Connect([hubUrl], token, count, subscribe);

    /// <summary>The clients spread over several Gateways' hubs in turn, measured as one crowd.</summary>
    public static async Task<PushClients> Connect(IReadOnlyList<Uri> hubUrls, string? token, int count, Func<HubConnection, Task> subscribe)
    {
        var clients = new PushClients();
        var started = Stopwatch.GetTimestamp();
        var connections = new HubConnection[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(hubUrls[i % hubUrls.Count], HttpTransportType.WebSockets, options =>
                {
                    options.SkipNegotiation = true;
                    if (token is not null)
                    {
                        options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                    }
                })
                .Build();
            connection.ServerTimeout = TimeSpan.FromMinutes(2);
            // A thousand screens subscribing to a 1,000-point board on one core: the handshake may wait past SignalR's 15 s.
            connection.HandshakeTimeout = TimeSpan.FromMinutes(1);
            var index = i;
            connection.On<JsonElement>("ConnectionPointChanged", body => clients.Arrived(index, body));
            // What a screen gets besides: it reads these too.
            // Beyond the Gateway's budget of sends a second a change is told by the next board alone, which carries every
            // point's health; the pages take the newer of the two, so a board that shows the change is its arrival.
            connection.On<JsonElement>("BoardUpdated", board => clients.BoardArrived(index, board));
            connection.On<JsonElement>("IncidentChanged", _ => { });
            await connection.StartAsync(ct);
            await subscribe(connection);
            connections[i] = connection;
        });
        clients._connections.AddRange(connections);
        clients.ConnectSeconds = Measure.Ms(started, Stopwatch.GetTimestamp()) / 1000;
        return clients;
    }

    /// <summary>
    /// Runs <paramref name="changes"/> changes one after another: <paramref name="prepare"/> readies change k (the
    /// heartbeats before the deciding one), <paramref name="trigger"/> sends the deciding heartbeat or the broadcast and
    /// must stamp through the callback it is given, right before sending.
    /// </summary>
    public async Task<PushResult> Run(string target, int changes, Func<int, Task<(string Id, string Health)>> prepare,
        Func<int, Action, Task> trigger)
    {
        var latencies = new List<double>(changes * Count);
        long missed = 0;
        var byBoard = 0;
        var nextAt = 0L;
        for (var k = 0; k < changes; k++)
        {
            if (Measure.Ms(Stopwatch.GetTimestamp(), nextAt) is var early and > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(early));
            }

            nextAt = Stopwatch.GetTimestamp() + (long)(Pace.TotalSeconds * Stopwatch.Frequency);
            var (id, health) = await prepare(k);
            var expectation = new Expectation(id, health, Count);
            Volatile.Write(ref _current, expectation);
            await trigger(k, () => expectation.SentAt = Stopwatch.GetTimestamp());
            await Task.WhenAny(expectation.Done.Task, Task.Delay(TimeSpan.FromSeconds(10)));
            Volatile.Write(ref _current, null);
            if (expectation.ByBoard > 0)
            {
                byBoard++;
            }

            foreach (var arrival in expectation.Arrivals)
            {
                if (arrival == 0)
                {
                    missed++;
                }
                else
                {
                    latencies.Add(Measure.Ms(expectation.SentAt, arrival));
                }
            }

            await Task.Delay(10);
        }

        var (p50, p99, max) = Measure.Percentiles(latencies);
        var closed = _connections.Count(c => c.State != HubConnectionState.Connected);
        if (byBoard > 0)
        {
            Sections.Say($"push     {target}: {byBoard} of {changes} changes reached some clients by the board alone (beyond the Gateway's sends a second)");
        }

        if (closed > 0 || missed > 0)
        {
            Sections.Say($"push     {target}: {closed} of {Count} connections no longer connected; {missed} arrivals missed (10 s per change); {Volatile.Read(ref _received)} ConnectionPointChanged received in all");
        }

        return new PushResult(target, Count, changes, latencies.Count, p50, p99, max, missed, ConnectSeconds);
    }

    private long _received;

    private void Arrived(int client, JsonElement body)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _received);
        var expectation = Volatile.Read(ref _current);
        if (expectation is not null
            && body.GetProperty("id").GetString() == expectation.Id
            && body.GetProperty("health").GetString() == expectation.Health)
        {
            Arrive(expectation, client, now);
        }
    }

    private void BoardArrived(int client, JsonElement board)
    {
        var now = Stopwatch.GetTimestamp();
        var expectation = Volatile.Read(ref _current);
        // Only a board sent after the deciding heartbeat: an earlier one may show the same health from before.
        if (expectation is null || Volatile.Read(ref expectation.SentAt) == 0 ||
            !board.TryGetProperty("connectionPoints", out var points) || !points.TryGetProperty("items", out var items))
        {
            return;
        }

        foreach (var point in items.EnumerateArray())
        {
            if (point.GetProperty("id").GetString() == expectation.Id && point.GetProperty("health").GetString() == expectation.Health)
            {
                if (Arrive(expectation, client, now))
                {
                    Interlocked.Increment(ref expectation.ByBoard);
                }

                return;
            }
        }
    }

    private static bool Arrive(Expectation expectation, int client, long now)
    {
        if (Interlocked.CompareExchange(ref expectation.Arrivals[client], now, 0) != 0)
        {
            return false;
        }

        if (Interlocked.Decrement(ref expectation.Remaining) == 0)
        {
            expectation.Done.TrySetResult();
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(_connections, new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (c, _) => await c.DisposeAsync());
    }

    private sealed class Expectation(string id, string health, int clients)
    {
        public string Id { get; } = id;
        public string Health { get; } = health;
        public long SentAt;
        public int ByBoard;
        public readonly long[] Arrivals = new long[clients];
        public int Remaining = clients;
        public readonly TaskCompletionSource Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
