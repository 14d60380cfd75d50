using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SessionOps.Agent;

/// <summary>
/// Every second: probe the link, read the status and queue a heartbeat. Apart from that, in a loop of its own so that a
/// Gateway that does not answer never holds up the measuring: deliver the queue in order (one heartbeat on the point's
/// own route, a backlog in batches). A Gateway that cannot be reached keeps the heartbeats queued; one that refuses the
/// key stops the agent, with a line that says why, and a non-zero exit.
/// </summary>
public sealed class AgentWorker(
    AgentOptions options,
    HttpClient http,
    StatusSource status,
    Backlog backlog,
    IHostApplicationLifetime lifetime,
    ILogger<AgentWorker> logger) : BackgroundService
{
    public const int KeyRefused = 3;
    private const int BatchSize = 500;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly LinkMeter _meter = new();
    private readonly SemaphoreSlim _queued = new(0);
    private readonly List<ProbeTarget> _targets = ProbeTarget.ParseAll(options.Probes, out _);
    private readonly string _bootId = Guid.NewGuid().ToString("N")[..16];
    private bool _unreachable;
    private long _seq;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Agent of point {Point} sending to {Gateway} every {Interval}, boot {Boot}; probing {Targets}; {Backlog} heartbeats kept from before",
            options.Point, options.Gateway, options.Interval, _bootId, string.Join(", ", _targets), backlog.Count);
        var delivering = DeliverLoop(stoppingToken);
        using var timer = new PeriodicTimer(options.Interval);
        try
        {
            do
            {
                await Tick(stoppingToken);
            }
            while (!stoppingToken.IsCancellationRequested && await timer.WaitForNextTickAsync(stoppingToken));
        }
        finally
        {
            await delivering;
        }
    }

    private async Task DeliverLoop(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await _queued.WaitAsync(cancellationToken);
                await Deliver(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what is queued stays on disk for the next start.
        }
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        var probes = _targets.Select(async t => (Target: t, RoundTrip: await t.Measure(options.Interval * 0.8, cancellationToken)));
        var statusRead = status.Read(cancellationToken);
        foreach (var (target, roundTrip) in await Task.WhenAll(probes))
        {
            _meter.Add(target, roundTrip);
        }

        var av = await statusRead;
        var (latency, jitter, loss) = _meter.Now();
        backlog.Add(new OutgoingHeartbeat(Interlocked.Increment(ref _seq), DateTimeOffset.UtcNow, latency, jitter, loss,
            av.BitrateKbps, av.Audio, av.Video, _bootId));
        if (_queued.CurrentCount == 0)
        {
            _queued.Release();
        }
    }

    private async Task Deliver(CancellationToken cancellationToken)
    {
        while (backlog.Count > 0 && !cancellationToken.IsCancellationRequested)
        {
            var batch = backlog.Oldest(BatchSize);
            HttpResponseMessage response;
            try
            {
                using var request = batch.Count == 1
                    ? Post($"api/connection-points/{Uri.EscapeDataString(options.Point)}/heartbeats", batch[0])
                    : Post("api/heartbeats", batch.Select(h => h with { ConnectionPointId = options.Point }).ToArray());
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (!_unreachable)
                {
                    logger.LogWarning("The Gateway {Gateway} cannot be reached ({Reason}); heartbeats are kept and sent when it can", options.Gateway, exception.Message);
                    _unreachable = true;
                }

                return;
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    backlog.Delivered(batch.Count);
                    if (_unreachable)
                    {
                        logger.LogInformation("The Gateway answers again; {Count} heartbeats delivered, {Left} left", batch.Count, backlog.Count);
                        _unreachable = false;
                    }

                    continue;
                }

                var problem = await response.Content.ReadAsStringAsync(cancellationToken);
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                        logger.LogCritical("The Gateway refuses this agent's key for point {Point} ({Status}): it was revoked, or it belongs to another point. " +
                            "Ask an admin for a new key. The agent stops. {Problem}", options.Point, (int)response.StatusCode, problem);
                        Environment.ExitCode = KeyRefused;
                        lifetime.StopApplication();
                        return;
                    case HttpStatusCode.BadRequest or HttpStatusCode.NotFound:
                        // Held back, it would block every heartbeat after it: said, and dropped.
                        logger.LogError("The Gateway refused {Count} heartbeats ({Status}); they are dropped: {Problem}", batch.Count, (int)response.StatusCode, problem);
                        backlog.Delivered(batch.Count);
                        continue;
                    default:
                        logger.LogWarning("The Gateway answered {Status}; heartbeats are kept and sent again: {Problem}", (int)response.StatusCode, problem);
                        return;
                }
            }
        }
    }

    private HttpRequestMessage Post<T>(string path, T body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Key);
        return request;
    }
}
