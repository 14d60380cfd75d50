using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace SessionOps.Benchmarks;

/// <summary>One step of a load series: what was offered, what was accepted, how long requests took, what it cost.</summary>
public sealed record StepResult(
    string Target,
    string Route,
    int Points,
    double Hz,
    double OfferedPerSec,
    double AcceptedPerSec,
    double RequestsPerSec,
    double P50Ms,
    double P99Ms,
    double CpuPct,
    double WorkingSetMb,
    double HeapMb,
    long Errors)
{
    /// <summary>The system no longer keeps up: less than 90 % of the offered heartbeats were accepted.</summary>
    public bool Saturated => AcceptedPerSec < 0.9 * OfferedPerSec;
}

/// <summary>
/// N connection points, each sending heartbeats at H Hz, through the single route (one heartbeat a request) or the
/// batch route (one request carries <c>batchSize</c> points' heartbeats). Paced, not flat out: each worker owns some
/// points and sends on their schedule; a worker that falls behind sends at once, so at saturation the load becomes
/// closed-loop and the accepted rate shows what the system can take. Latency is from send to response.
/// <paramref name="seqs"/> holds the last seq sent per point (index as in <paramref name="pointIds"/>).
/// </summary>
public sealed class HeartbeatLoad(string target, HttpClient client, string[] pointIds, int batchSize, long[] seqs)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    // Shared by every load on the same points: a seq not newer than the last one seen would be ignored.
    private readonly long[] _seqs = seqs;

    public string Route => batchSize == 1 ? "single" : $"batch {batchSize}";

    public static HttpClient Client(Uri baseAddress, string? token)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task<StepResult> Run(double hz, int maxWorkers, TimeSpan warmup, TimeSpan measure)
    {
        var units = pointIds.Length / batchSize;
        var workers = Math.Min(units, maxWorkers);
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(measure.TotalSeconds * Stopwatch.Frequency);

        var cpu = Task.Run(async () =>
        {
            await Task.Delay(warmup);
            var from = Measure.CpuSample.Now();
            await Task.Delay(measure);
            return Measure.CpuSample.Now().PercentSince(from);
        });

        var results = await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => Worker(w, workers, units, hz, start, measureFrom, end))));
        var cpuPct = await cpu;

        var latencies = new List<double>(results.Sum(r => r.Latencies.Count));
        foreach (var r in results)
        {
            latencies.AddRange(r.Latencies);
        }

        var (p50, p99, _) = Measure.Percentiles(latencies);
        var seconds = measure.TotalSeconds;
        return new StepResult(
            target, Route, pointIds.Length, hz, pointIds.Length * hz, results.Sum(r => r.Accepted) / seconds,
            latencies.Count / seconds, p50, p99, cpuPct, Measure.WorkingSetMb(), Measure.HeapMb(), results.Sum(r => r.Errors));
    }

    private sealed record WorkerResult(List<double> Latencies, long Accepted, long Errors);

    private async Task<WorkerResult> Worker(int worker, int workers, int units, double hz, long start, long measureFrom, long end)
    {
        var mine = Enumerable.Range(0, units).Where(u => u % workers == worker).ToArray();
        var interval = (long)(Stopwatch.Frequency / (mine.Length * hz));
        var next = start + (interval * worker / workers);
        var latencies = new List<double>();
        long accepted = 0, errors = 0;
        for (var i = 0; ; i++)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end)
            {
                break;
            }

            var wait = next - now;
            if (wait > Stopwatch.Frequency / 1000)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
            }

            next += interval;
            var unit = mine[i % mine.Length];
            using var request = batchSize == 1 ? Single(unit) : Batch(unit);
            var sent = Stopwatch.GetTimestamp();
            bool ok;
            try
            {
                using var response = await client.SendAsync(request);
                ok = response.StatusCode == HttpStatusCode.Accepted;
                await response.Content.LoadIntoBufferAsync();
            }
            catch (Exception)
            {
                ok = false;
            }

            var done = Stopwatch.GetTimestamp();
            if (done >= measureFrom && done < end)
            {
                latencies.Add(Measure.Ms(sent, done));
                if (ok)
                {
                    accepted += batchSize;
                }
                else
                {
                    errors++;
                }
            }
        }

        return new WorkerResult(latencies, accepted, errors);
    }

    private HttpRequestMessage Single(int point)
    {
        var body = new StringBuilder(200);
        Append(body, point, withId: false);
        return Request($"/api/connection-points/{pointIds[point]}/heartbeats", body);
    }

    private HttpRequestMessage Batch(int unit)
    {
        var body = new StringBuilder(batchSize * 200).Append('[');
        for (var p = unit * batchSize; p < (unit + 1) * batchSize; p++)
        {
            if (p > unit * batchSize)
            {
                body.Append(',');
            }

            Append(body, p, withId: true);
        }

        return Request("/api/heartbeats", body.Append(']'));
    }

    /// <summary>A good heartbeat, as an agent sends it about once a second.</summary>
    private void Append(StringBuilder body, int point, bool withId)
    {
        body.Append('{');
        if (withId)
        {
            body.Append("\"connectionPointId\":\"").Append(pointIds[point]).Append("\",");
        }

        body.Append("\"seq\":").Append(++_seqs[point])
            .Append(",\"sentAt\":\"").Append(DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture))
            .Append("\",\"latencyMs\":60,\"jitterMs\":5,\"packetLossPct\":0.2,\"bitrateKbps\":2000,\"audio\":true,\"video\":true}");
    }

    private static HttpRequestMessage Request(string url, StringBuilder body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToString()));
        content.Headers.ContentType = Json;
        return new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
    }
}
