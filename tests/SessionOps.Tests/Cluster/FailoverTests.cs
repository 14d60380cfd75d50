using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;
using SessionOps.Boards;
using Xunit.Abstractions;

namespace SessionOps.Tests.Cluster;

/// <summary>The failures a live sitting cannot afford, on real silo processes and a real Redis.</summary>
[Trait("Needs", "Redis")]
public sealed class FailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RedisCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RedisCluster.Start();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>Writes to a set of venues round and round; keeps what each last acknowledged.</summary>
    private sealed class Writer(HttpClient admin, string prefix, int venues)
    {
        public readonly ConcurrentDictionary<int, int> Acknowledged = new();
        public readonly ConcurrentDictionary<int, DateTimeOffset> LastSuccess = new();
        public int Failures;

        public async Task Run(CancellationToken stop)
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var venue = n % venues;
                try
                {
                    var response = await admin.PutAsJsonAsync($"/api/venues/{prefix}-{venue}", new { name = $"Phòng {n}", kind = "meetingRoom" }, stop);
                    if (response.IsSuccessStatusCode)
                    {
                        Acknowledged[venue] = n;
                        LastSuccess[venue] = DateTimeOffset.UtcNow;
                    }
                    else
                    {
                        Interlocked.Increment(ref Failures);
                    }
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref Failures);
                }

                await Task.Delay(20, CancellationToken.None);
            }
        }
    }

    private static async Task Heartbeat(HttpClient agent, string point, Func<long> seq, Func<bool> poor, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await agent.PostAsJsonAsync($"/api/connection-points/{point}/heartbeats", poor() ? Heartbeats.Poor(seq()) : Heartbeats.Good(seq()), stop);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception)
            {
                // Heartbeats are not writes; during the failover some may fail, the next ones count.
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>Asks for the board every 200 ms without waiting for the previous answer; keeps when each answer came.</summary>
    private static async Task PollBoard(HttpClient reader, string session, ConcurrentQueue<(DateTimeOffset Asked, DateTimeOffset Answered)> answers, CancellationToken stop)
    {
        var asking = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            asking.Add(Task.Run(async () =>
            {
                var asked = DateTimeOffset.UtcNow;
                try
                {
                    if ((await reader.GetAsync($"/api/sessions/{session}/board", stop)).IsSuccessStatusCode)
                    {
                        answers.Enqueue((asked, DateTimeOffset.UtcNow));
                    }
                }
                catch (Exception)
                {
                    // Refused or cut off meanwhile: not an answer.
                }
            }, CancellationToken.None));
            await Task.Delay(200, CancellationToken.None);
        }

        await Task.WhenAll(asking);
    }

    [Fact]
    public async Task Killing_the_silo_that_holds_the_board_under_load_loses_no_acknowledged_write_and_the_board_and_pushes_come_back()
    {
        var silos = new[] { await _cluster.StartSiloProcess(), await _cluster.StartSiloProcess(), await _cluster.StartSiloProcess() };
        var gateway = await _cluster.StartGateway();
        var world = await (await (await new ApiWorld(gateway.Client("admin")).Create()).MoveTo(gateway.Client("operator"), "preparing", "ready")).OverrideToLive();
        await using var client = await HubClient.Connect(gateway, "leadership");
        await client.Subscribe(world.Session);

        long seq = 0;
        var poor = false;
        using var stop = new CancellationTokenSource();
        var writer = new Writer(gateway.Client("admin"), world.Prefix + "-room", venues: 20);
        var writing = writer.Run(stop.Token);
        var beating = Heartbeat(gateway.Client("operator"), world.Point, () => Interlocked.Increment(ref seq), () => Volatile.Read(ref poor), stop.Token);
        await client.WaitFor("BoardUpdated", b => b.Int("connectionPoints", "online") == 1);
        await Eventually.Get(() => Task.FromResult(writer.Acknowledged.Count), n => n == 20, what: "every venue written once");

        // The silo that holds the session's board: the worst one to lose for the screens.
        var grains = gateway.Services.GetRequiredService<IGrainFactory>();
        var holder = await grains.GetGrain<Orleans.Runtime.IManagementGrain>(0).GetActivationAddress(grains.GetGrain<ISessionBoardGrain>(world.Session));
        var victim = silos.Single(s => s.SiloPort == holder!.Endpoint.Port);
        var answers = new ConcurrentQueue<(DateTimeOffset Asked, DateTimeOffset Answered)>();
        var polling = PollBoard(gateway.Client("leadership"), world.Session, answers, stop.Token);

        var killedAt = DateTimeOffset.UtcNow;
        victim.Kill();
        // From now on the point reports a poor link: the change reaches the screen only when the push path is back.
        Volatile.Write(ref poor, true);

        var pushed = await client.WaitFor("BoardUpdated", b => b.Int("connectionPoints", "degraded") == 1, TimeSpan.FromSeconds(90));
        var pushBack = DateTimeOffset.UtcNow - killedAt;
        await Eventually.Get(() => Task.FromResult(writer.LastSuccess.Values.Count(t => t > killedAt)), n => n == 20,
            TimeSpan.FromSeconds(90), "every grain to be writable again");
        var writesBack = writer.LastSuccess.Values.Max() - killedAt;
        await Eventually.Get(() => Task.FromResult(answers.Any(a => a.Asked > killedAt)), any => any, TimeSpan.FromSeconds(90), "the board to answer");
        var boardBack = answers.Where(a => a.Asked > killedAt).Min(a => a.Answered) - killedAt;

        stop.Cancel();
        await Task.WhenAll(writing, beating, polling);
        var figures = $"board answers again {boardBack.TotalSeconds:F1} s, the push of a change made at the kill {pushBack.TotalSeconds:F1} s, " +
            $"all 20 venues writable {writesBack.TotalSeconds:F1} s (writes refused meanwhile: {writer.Failures})";
        output.WriteLine($"After kill -9 of the board's silo, one of three: {figures}.");
        Console.WriteLine($"[failover] kill -9 of the board's silo (1 of 3): {figures}");
        Assert.Equal("live", pushed.GetProperty("phase").GetString());

        // No acknowledged write is lost: each venue holds its last acknowledged write, or a later one.
        var admin = gateway.Client("admin");
        foreach (var (venue, acknowledged) in writer.Acknowledged)
        {
            var stored = await (await admin.GetAsync($"/api/venues/{world.Prefix}-room-{venue}")).Json();
            var number = int.Parse(((string)stored["name"]!)["Phòng ".Length..]);
            Assert.True(number >= acknowledged, $"venue {venue}: acknowledged {acknowledged}, stored {number}");
        }

        var board = await (await admin.GetAsync($"/api/sessions/{world.Session}/board")).Json();
        Assert.Equal("live", (string)board["phase"]!);
        Assert.Equal(1, (int)board["connectionPoints"]!["degraded"]!);
    }

    [Fact]
    public async Task A_rolling_restart_with_sigterm_fails_no_request_sent_to_the_gateway()
    {
        var silos = new List<SiloProcess> { await _cluster.StartSiloProcess(), await _cluster.StartSiloProcess() };
        var gateway = await _cluster.StartGateway();
        var world = await new ApiWorld(gateway.Client("admin")).Create();
        long seq = 0;
        var errors = new ConcurrentQueue<string>();
        var sent = 0;
        using var stop = new CancellationTokenSource();

        async Task Traffic(Func<Task<HttpResponseMessage>> send)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var response = await send();
                    Interlocked.Increment(ref sent);
                    if (!response.IsSuccessStatusCode)
                    {
                        errors.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception exception)
                {
                    errors.Enqueue(exception.Message);
                }

                await Task.Delay(25, CancellationToken.None);
            }
        }

        var admin = gateway.Client("admin");
        var @operator = gateway.Client("operator");
        var counter = 0;
        var traffic = Task.WhenAll(
            Traffic(() => admin.GetAsync($"/api/sessions/{world.Session}/board")),
            Traffic(() => admin.PutAsJsonAsync($"/api/venues/{world.Prefix}-room-{Interlocked.Increment(ref counter) % 10}", new { name = "Phòng họp", kind = "meetingRoom" })),
            Traffic(() => @operator.PostAsJsonAsync($"/api/connection-points/{world.Point}/heartbeats", Heartbeats.Good(Interlocked.Increment(ref seq)))));

        for (var i = 0; i < silos.Count; i++)
        {
            await silos[i].Terminate();
            silos[i] = await _cluster.StartSiloProcess();
        }

        stop.Cancel();
        await traffic;
        output.WriteLine($"Requests during the rolling restart: {sent}, failed: {errors.Count}");
        Assert.True(sent > 100, $"only {sent} requests were sent");
        Assert.True(errors.IsEmpty, string.Join("\n", errors.Take(10)));
    }

    [Fact]
    public async Task A_client_whose_gateway_stops_reconnects_to_another_and_is_correct_again()
    {
        await _cluster.StartSiloProcess();
        var first = await _cluster.StartGateway();
        var second = await _cluster.StartGateway();
        var world = await (await new ApiWorld(first.Client("admin")).Create()).MoveTo(first.Client("operator"), "preparing");
        await using (var onFirst = await HubClient.Connect(first, "leadership"))
        {
            await onFirst.Subscribe(world.Session);
        }

        await first.DisposeAsync();
        await Heartbeats.Send(second.Client("operator"), world.Point, Heartbeats.Good(1), Heartbeats.Poor(2), Heartbeats.Poor(3), Heartbeats.Poor(4));

        await using var onSecond = await HubClient.Connect(second, "leadership");
        var board = await onSecond.Subscribe(world.Session);
        Assert.Equal(1, board.Int("connectionPoints", "degraded"));

        await Heartbeats.Send(second.Client("operator"), world.Point, Enumerable.Range(5, 5).Select(s => Heartbeats.Good(s)).ToArray());
        await onSecond.WaitFor("BoardUpdated", b => b.Int("connectionPoints", "online") == 1);
    }
}
