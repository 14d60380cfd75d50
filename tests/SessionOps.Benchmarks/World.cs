using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using SessionOps.ConnectionPoints;
using SessionOps.Sessions;
using SessionOps.Venues;

namespace SessionOps.Benchmarks;

/// <summary>Set-up of the data the benchmark drives, straight through the grains (set-up speed is not measured).</summary>
public static class World
{
    public const string Hall = "bench-hall";

    public static string[] PointIds(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => $"{prefix}-{i:D5}").ToArray();

    public static async Task<double> DefinePoints(IGrainFactory grains, string[] ids)
    {
        var started = Stopwatch.GetTimestamp();
        await Ok(grains.GetGrain<IVenueGrain>(Hall).Define(new VenueSpec("Hội trường Diên Hồng", VenueKind.Hall, "Số 1 Độc Lập")));
        await Parallel.ForEachAsync(ids.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (p, _) =>
            await Ok(grains.GetGrain<IConnectionPointGrain>(p.id).Define(
                new ConnectionPointSpec($"Điểm cầu {p.i}", $"Tỉnh {p.i % 34}", ConnectionPointKind.ProvincialDelegation))));
        return Measure.Ms(started, Stopwatch.GetTimestamp()) / 1000;
    }

    /// <summary>A hybrid sitting tomorrow (phase <c>scheduled</c>) with the given points and no delegates.</summary>
    public static Task DefineSession(IGrainFactory grains, string id, string[] pointIds)
    {
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1).AddHours(1), TimeSpan.Zero).ToOffset(TimeSpan.FromHours(7));
        return Ok(grains.GetGrain<ISessionGrain>(id).Define(new SessionSpec(
            $"Phiên họp {id}", SessionKind.Plenary, SessionFormat.Hybrid, Hall, start, start.AddHours(3.5), pointIds, [], Quorum: null)));
    }

    /// <summary>
    /// One good heartbeat to each of <paramref name="ids"/>[from..to] through the batch route, with the next seq of each
    /// (<paramref name="seqs"/>, index as in <paramref name="ids"/>): a point never heard turns online at once.
    /// </summary>
    public static async Task Prime(HttpClient client, string[] ids, long[] seqs, int from, int to)
    {
        var sentAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var chunks = Enumerable.Range(from, to - from).Chunk(100).ToArray();
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, _) =>
        {
            var body = "[" + string.Join(",", chunk.Select(i =>
                $"{{\"connectionPointId\":\"{ids[i]}\",\"seq\":{++seqs[i]},\"sentAt\":\"{sentAt}\",\"latencyMs\":60,\"jitterMs\":5,\"packetLossPct\":0.2,\"bitrateKbps\":2000,\"audio\":true,\"video\":true}}")) + "]";
            using var response = await client.PostAsync("/api/heartbeats", new StringContent(body, Encoding.UTF8, "application/json"));
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"Priming answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        });
    }

    private static async Task Ok(Task<CommandResult> call)
    {
        var result = await call;
        if (!result.IsOk)
        {
            throw new InvalidOperationException($"Set-up failed: {result.Status}: {result.Detail}");
        }
    }
}
