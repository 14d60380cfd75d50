using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SessionOps.Gateway.Push;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Push;

/// <summary>The Gateway's outbox between the grains and SignalR: what it sends of a burst of points' changes.</summary>
public sealed class PushOutboxTests
{
    private static (PushOutbox Outbox, FakeTimeProvider Clock) Start(int perSecond)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Push:PointChangesPerSecond"] = perSecond.ToString() })
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
    public async Task A_fleet_wide_change_sends_the_budget_of_point_changes_one_by_one_and_leaves_the_rest_to_the_board()
    {
        var (outbox, clock) = Start(perSecond: 20);
        await outbox.StartAsync(CancellationToken.None);
        var sent = new Sent();

        for (var i = 0; i < 1000; i++)
        {
            outbox.PointChange("s1", sent.Of("s1 point"));
        }

        outbox.PointChange("s2", sent.Of("s2 point"));
        outbox.Event("s1", sent.Of("s1 incident"));
        outbox.Board("s1", sent.Of("s1 board"));

        await Eventually.Get(() => Task.FromResult(sent["s1 board"]), count => count == 1, what: "the board after the burst");
        Assert.Equal(20, sent["s1 point"]);
        // Another sitting's budget is its own, and other events are never left out.
        Assert.Equal(1, sent["s2 point"]);
        Assert.Equal(1, sent["s1 incident"]);

        // The next second has its budget again.
        clock.Advance(TimeSpan.FromSeconds(1));
        outbox.PointChange("s1", sent.Of("s1 point"));
        await Eventually.Get(() => Task.FromResult(sent["s1 point"]), count => count == 21, what: "a change in the next second");
        await outbox.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Changes_within_the_budget_all_go_out_in_their_order()
    {
        var (outbox, _) = Start(perSecond: 20);
        await outbox.StartAsync(CancellationToken.None);
        var order = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            var n = i;
            outbox.PointChange("s1", () =>
            {
                lock (order)
                {
                    order.Add(n);
                }

                return Task.CompletedTask;
            });
        }

        await Eventually.Get(() => Task.FromResult(order.Count), count => count == 20, what: "twenty changes");
        Assert.Equal(Enumerable.Range(0, 20), order);
        await outbox.StopAsync(CancellationToken.None);
    }
}
