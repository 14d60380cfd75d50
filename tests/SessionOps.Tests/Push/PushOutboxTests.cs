using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SessionOps.Gateway.Push;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Push;

/// <summary>The Gateway's outbox between the grains and SignalR: what it sends of a burst of points' changes.</summary>
public sealed class PushOutboxTests
{
    private static (PushOutbox Outbox, FakeTimeProvider Clock) Start(long sendsPerSecond, long boardBytesPerSecond = 50_000_000)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Push:PointChangeSendsPerSecond"] = sendsPerSecond.ToString(),
                ["Push:BoardBytesPerSecond"] = boardBytesPerSecond.ToString(),
            })
            .Build();
        var outbox = new PushOutbox(NullLogger<PushOutbox>.Instance, clock, configuration);
        return (outbox, clock);
    }

    /// <summary>Sends counted per name, once the outbox's sender has started them.</summary>
    private sealed class Sent
    {
        private readonly Dictionary<string, int> _counts = [];

        public Func<Task> Of(string name) => () =>
        {
            lock (_counts)
            {
                _counts[name] = _counts.GetValueOrDefault(name) + 1;
            }

            return Task.CompletedTask;
        };

        public int this[string name]
        {
            get
            {
                lock (_counts)
                {
                    return _counts.GetValueOrDefault(name);
                }
            }
        }
    }

    [Fact]
    public async Task A_fleet_wide_change_to_a_thousand_screens_sends_the_budget_of_changes_one_by_one_and_leaves_the_rest_to_the_board()
    {
        var (outbox, clock) = Start(sendsPerSecond: 20_000);
        await outbox.StartAsync(CancellationToken.None);
        var sent = new Sent();

        for (var i = 0; i < 1000; i++)
        {
            // A thousand screens watch s1 here: each change is a thousand sends.
            outbox.PointChange("s1", sent.Of("s1 point"), connections: 1000);
        }

        outbox.PointChange("s2", sent.Of("s2 point"), connections: 3);
        outbox.Event("s1", sent.Of("s1 incident"));
        outbox.Board("s1", sent.Of("s1 board"));

        // Another sitting's budget is its own, and other events are never left out.
        await Eventually.Get(() => Task.FromResult(sent["s1 board"] + sent["s2 point"] + sent["s1 incident"]), count => count == 3,
            what: "the board after the burst, the other sitting's change and the incident");
        Assert.Equal(20, sent["s1 point"]);

        // The next second has its budget again.
        clock.Advance(TimeSpan.FromSeconds(1));
        outbox.PointChange("s1", sent.Of("s1 point"), connections: 1000);
        await Eventually.Get(() => Task.FromResult(sent["s1 point"]), count => count == 21, what: "a change in the next second");
        await outbox.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_small_sittings_changes_all_go_out_in_their_order()
    {
        var (outbox, _) = Start(sendsPerSecond: 20_000);
        await outbox.StartAsync(CancellationToken.None);
        var order = new List<int>();
        for (var i = 0; i < 200; i++)
        {
            var n = i;
            outbox.PointChange("s1", () =>
            {
                lock (order)
                {
                    order.Add(n);
                }

                return Task.CompletedTask;
            }, connections: 100);
        }

        await Eventually.Get(() => Task.FromResult(order.Count), count => count == 200, what: "two hundred changes to a hundred screens");
        Assert.Equal(Enumerable.Range(0, 200), order);
        await outbox.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_board_that_costs_much_to_send_holds_the_next_one_back_and_the_newest_goes_when_its_time_comes()
    {
        var (outbox, clock) = Start(sendsPerSecond: 20_000, boardBytesPerSecond: 50_000_000);
        await outbox.StartAsync(CancellationToken.None);
        var sent = new Sent();

        // 200 MB of socket writes (a 1,000-point board to 1,000 screens): the next board waits 4 s.
        outbox.Board("s1", sent.Of("board 1"), bytes: 200_000_000);
        await Eventually.Get(() => Task.FromResult(sent["board 1"]), count => count == 1, what: "the first board");
        outbox.Board("s1", sent.Of("board 2"), bytes: 200_000_000);
        outbox.Board("s1", sent.Of("board 3"), bytes: 200_000_000);
        outbox.Event("s1", sent.Of("incident"));
        outbox.Board("small", sent.Of("small board"), bytes: 10_000);
        await Eventually.Get(() => Task.FromResult(sent["incident"] + sent["small board"]), count => count == 2, what: "the incident and another sitting's board");
        clock.Advance(TimeSpan.FromSeconds(3));
        await Task.Delay(200);
        Assert.Equal(0, sent["board 2"] + sent["board 3"]);

        clock.Advance(TimeSpan.FromSeconds(1.1));
        await Eventually.Get(() => Task.FromResult(sent["board 3"]), count => count == 1, what: "the newest board once its time came");
        Assert.Equal(0, sent["board 2"]);
        await outbox.StopAsync(CancellationToken.None);
    }
}
