using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using SessionOps.ConnectionPoints;
using SessionOps.Hosting;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.HealthTracking;

using Health = SessionOps.ConnectionPoints.LinkHealth;

/// <summary>A test cluster whose points go offline after one second of silence.</summary>
public sealed class ShortSilenceClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan OfflineAfter = TimeSpan.FromSeconds(1);

    /// <summary>How often heartbeats that change nothing are saved (each point picks from 0.75 to 1.25 times this).</summary>
    public static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(1);

    private readonly TempDirectory _directory = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public string DatabasePath => _directory.File("health.db");

    public async Task InitializeAsync()
    {
        var path = DatabasePath;
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseSessionOpsSqlite(path);
            silo.Services.Configure<HealthOptions>(o =>
            {
                o.OfflineAfter = OfflineAfter;
                o.SaveEvery = SaveEvery;
            });
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _directory.Dispose();
    }
}

public sealed class ConnectionPointHealthTests(ShortSilenceClusterFixture fixture) : IClassFixture<ShortSilenceClusterFixture>
{
    private long _seq;

    private async Task<IConnectionPointGrain> NewPoint()
    {
        var point = fixture.Cluster.Client.GetGrain<IConnectionPointGrain>("cp-" + Guid.NewGuid().ToString("N")[..12]);
        Assert.True((await point.Define(new ConnectionPointSpec("Đoàn ĐBQH Cần Thơ", "Cần Thơ", ConnectionPointKind.ProvincialDelegation))).IsOk);
        return point;
    }

    private Heartbeat Good() => new(++_seq, DateTimeOffset.UtcNow, 60, 5, 0.2, 2000, true, true);

    private Heartbeat Poor() => new(++_seq, DateTimeOffset.UtcNow, 500, 60, 6, 500, true, true);

    private static async Task<Health> HealthOf(IConnectionPointGrain point) => (await point.Get())!.Health;

    [Fact]
    public async Task A_point_is_unknown_until_heard_and_online_on_a_good_heartbeat()
    {
        var point = await NewPoint();
        Assert.Equal(Health.Unknown, await HealthOf(point));

        await point.Receive([Good()]);

        var seen = (await point.Get())!;
        Assert.Equal(Health.Online, seen.Health);
        Assert.Equal(60, seen.LatencyMs);
        Assert.NotNull(seen.LastHeartbeatAt);
    }

    [Fact]
    public async Task One_bad_heartbeat_leaves_the_point_online_three_degrade_it_and_five_good_bring_it_back()
    {
        var point = await NewPoint();
        await point.Receive([Good()]);

        await point.Receive([Poor()]);
        Assert.Equal(Health.Online, await HealthOf(point));
        await point.Receive([Good()]);
        await point.Receive([Poor(), Poor()]);
        Assert.Equal(Health.Online, await HealthOf(point));
        await point.Receive([Poor()]);
        Assert.Equal(Health.Degraded, await HealthOf(point));

        await point.Receive([Good(), Good(), Good(), Good()]);
        Assert.Equal(Health.Degraded, await HealthOf(point));
        await point.Receive([Good()]);
        Assert.Equal(Health.Online, await HealthOf(point));
    }

    [Fact]
    public async Task A_duplicate_or_older_seq_changes_nothing()
    {
        var point = await NewPoint();
        var first = Good();
        await point.Receive([first]);
        var before = await point.Get();

        var receipt = await point.Receive([first, first with { Seq = first.Seq - 1, LatencyMs = 999, Audio = false, Video = false }]);

        Assert.Equal(0, receipt.Applied);
        Assert.Equal(2, receipt.Ignored);
        Assert.Equal(before, await point.Get());
    }

    [Fact]
    public async Task A_point_that_falls_silent_is_offline_after_the_configured_time_by_itself()
    {
        var point = await NewPoint();
        await point.Receive([Good()]);
        Assert.Equal(Health.Online, await HealthOf(point));

        var offline = await Eventually.Get(() => point.Get(), p => p!.Health == Health.Offline, TimeSpan.FromSeconds(10), "silence to turn the point offline");

        Assert.True(offline!.HealthSince - offline.LastHeartbeatAt >= ShortSilenceClusterFixture.OfflineAfter);
    }

    [Fact]
    public async Task Heartbeats_that_keep_coming_keep_the_point_online_past_many_silence_deadlines()
    {
        var point = await NewPoint();
        var until = DateTimeOffset.UtcNow + (ShortSilenceClusterFixture.OfflineAfter * 4);
        var calls = new List<(DateTimeOffset Sent, DateTimeOffset Answered)>();
        while (DateTimeOffset.UtcNow < until)
        {
            var sent = DateTimeOffset.UtcNow;
            await point.Receive([Good()]);
            calls.Add((sent, DateTimeOffset.UtcNow));
            await Task.Delay(ShortSilenceClusterFixture.OfflineAfter / 5);
        }

        // The silence timer finds each deadline moved by a later heartbeat and waits again. Only a real silence may
        // turn the point offline: one heard no later than a call's answer, and not again before the next call was
        // sent plus OfflineAfter (a loaded machine can pause this loop). A timer that went off at the first deadline
        // while heartbeats kept coming fails this.
        var offline = (await point.GetTransitions(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMinutes(1))).Where(t => t.To == Health.Offline).ToArray();
        Assert.All(offline, t => Assert.Contains(Enumerable.Range(0, calls.Count), i =>
            calls[i].Sent + ShortSilenceClusterFixture.OfflineAfter <= t.At && (i == calls.Count - 1 || t.At < calls[i + 1].Answered)));
        Assert.True(calls.Count >= 10, $"Only {calls.Count} heartbeats were sent.");
    }

    [Fact]
    public async Task A_point_back_from_offline_is_watched_again_and_goes_offline_when_silent_again()
    {
        var point = await NewPoint();
        await point.Receive([Good()]);
        await Eventually.Get(() => point.Get(), p => p!.Health == Health.Offline, TimeSpan.FromSeconds(10), "the first silence");

        // Back from offline: degraded on the first good heartbeat, online after five more.
        await point.Receive([Good(), Good(), Good(), Good(), Good(), Good()]);
        Assert.Equal(Health.Online, await HealthOf(point));
        await Eventually.Get(() => point.Get(), p => p!.Health == Health.Offline, TimeSpan.FromSeconds(10), "the second silence");

        Assert.Equal(2, (await point.GetTransitions(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMinutes(1))).Count(t => t.To == Health.Offline));
    }

    [Fact]
    public async Task The_fleet_keeps_one_watch_reminder_for_the_cluster_and_an_online_point_none()
    {
        var point = await NewPoint();
        // Online for several of the silence timer's deadlines (each point once registered a reminder of its own on
        // its first tick online).
        for (var i = 0; i < 8; i++)
        {
            await point.Receive([Good()]);
            await Task.Delay(ShortSilenceClusterFixture.OfflineAfter / 4);
        }

        var names = await Eventually.Get(ReminderNames, n => n.Contains("wake-points"), TimeSpan.FromSeconds(10), "the fleet's watch reminder");
        Assert.Contains(await point.GetTransitions(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMinutes(1)), t => t.To == Health.Online);
        Assert.Equal(["wake-points"], names);
    }

    [Fact]
    public async Task Heartbeats_that_change_no_health_are_still_saved_now_and_then()
    {
        var point = await NewPoint();
        await point.Receive([Good()]);
        var online = await StoredVersion(point.GetPrimaryKeyString());

        // Steady heartbeats change no health, so only the timer's saves write the point, about once a second here: two
        // of them, within many periods' time for a loaded machine. (A pause of this loop past OfflineAfter writes a
        // change of health or two as well: those writes are not counted.)
        var version = online;
        var changes = 0;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); version < online + 2 + changes && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(ShortSilenceClusterFixture.SaveEvery / 4);
            await point.Receive([Good()]);
            changes = (await point.GetTransitions(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMinutes(1))).Length - 1;
            version = await StoredVersion(point.GetPrimaryKeyString());
        }

        Assert.True(version >= online + 2 + changes,
            $"Two periodic saves were expected after version {online}; storage holds version {version}, {changes} of them changes of health.");
    }

    [Fact]
    public async Task A_point_that_flaps_all_day_keeps_every_change_in_its_journal_and_only_the_latest_in_its_state()
    {
        var point = await NewPoint();
        await point.Receive([Good()]);
        const int cycles = ConnectionPointGrain.TransitionsKept / 2 + 10;
        for (var i = 0; i < cycles; i++)
        {
            await point.Receive([Poor(), Poor(), Poor()]);
            await point.Receive([Good(), Good(), Good(), Good(), Good()]);
        }

        var transitions = await point.GetTransitions(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(1));

        // Unknown → online, then a degraded and an online for each cycle (a loaded machine that pauses the loop past
        // OfflineAfter adds offline moves): none missing, each starting where the one before ended.
        Assert.True(transitions.Length >= 1 + (2 * cycles), $"{transitions.Length} changes read back");
        Assert.Equal(Health.Unknown, transitions[0].From);
        Assert.Equal(transitions.OrderBy(t => t.At), transitions);
        Assert.All(transitions.Zip(transitions.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From));
        var stored = await StoredState(point.GetPrimaryKeyString());
        Assert.Equal(ConnectionPointGrain.TransitionsKept, stored.Transitions.Count);
        Assert.Equal(transitions[^1], stored.Transitions[^1]);
        Assert.True(stored.TransitionsJournaled);
    }

    [Fact]
    public async Task A_heartbeat_that_changes_health_is_answered_while_storage_is_held_and_the_change_is_saved_once_it_is_free()
    {
        var point = await NewPoint();
        var id = point.GetPrimaryKeyString();
        await point.Receive([Good()]);
        var online = await Eventually.Get(() => StoredState(id), s => s.Health == Health.Online, what: "the point saved online");

        // Another process holds the file's write lock: no write of the silo can commit until it lets go.
        await using var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={fixture.DatabasePath}");
        await holder.OpenAsync();
        var hold = holder.BeginTransaction(deferred: false);
        var receiving = point.Receive([Poor(), Poor(), Poor()]);
        var answeredWhileHeld = await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(20))) == receiving;
        // Past several of the timer's periodic saves (about a second apart here), which wait for storage too.
        var laterAnsweredWhileHeld = 0;
        for (var i = 0; i < 10 && answeredWhileHeld; i++)
        {
            await Task.Delay(ShortSilenceClusterFixture.SaveEvery / 3);
            var later = point.Receive([Poor()]);
            if (await Task.WhenAny(later, Task.Delay(TimeSpan.FromSeconds(20))) == later)
            {
                laterAnsweredWhileHeld++;
            }
        }

        var shownWhileHeld = (await point.Get())!.Health;
        hold.Rollback();

        Assert.True(answeredWhileHeld, "the heartbeat that made the point degraded waited for storage");
        Assert.Equal(10, laterAnsweredWhileHeld);
        Assert.Equal(3, (await receiving).Applied);
        Assert.Equal(Health.Degraded, shownWhileHeld);
        var saved = await Eventually.Get(() => StoredState(id), s => s.Health == Health.Degraded, TimeSpan.FromSeconds(30), "the change saved once storage is free");
        // The change to degraded, and any offline moves a loaded machine's pauses past OfflineAfter (a second) added.
        Assert.True(saved.Transitions.Count > online.Transitions.Count);
        Assert.Equal(Health.Degraded, saved.Transitions[^1].To);
    }

    private async Task<ConnectionPointState> StoredState(string pointId)
    {
        var payload = (byte[])(await StoredColumn("payload", pointId))!;
        var serializer = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<Orleans.Storage.IGrainStorageSerializer>();
        return serializer.Deserialize<ConnectionPointState>(new BinaryData(payload))!;
    }

    /// <summary>The row version storage holds for the point's state: it grows with every write.</summary>
    private async Task<long> StoredVersion(string pointId) => (long)(await StoredColumn("etag", pointId) ?? 0L);

    private async Task<object?> StoredColumn(string column, string pointId)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={fixture.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {column} FROM grain_state WHERE state_name = 'connectionPoint' AND grain_id LIKE '%/' || $id";
        command.Parameters.AddWithValue("$id", pointId);
        return await command.ExecuteScalarAsync();
    }

    private async Task<string[]> ReminderNames()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={fixture.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT reminder_name FROM reminders ORDER BY reminder_name";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return [.. names];
    }

    [Fact]
    public async Task A_change_of_health_is_saved_and_survives_deactivation()
    {
        var point = await NewPoint();
        await point.Receive([Good(), Poor(), Poor(), Poor()]);
        Assert.Equal(Health.Degraded, await HealthOf(point));

        await fixture.Cluster.DeactivateAsync(point);

        var reloaded = await Eventually.Get(() => point.Get(), p => p is not null);
        Assert.Equal(Health.Degraded, reloaded!.Health);
        Assert.Equal(_seq, reloaded.LastSeq);
    }

    [Fact]
    public async Task The_last_minutes_are_kept_as_buckets_for_the_sparkline()
    {
        var point = await NewPoint();
        await point.Receive([Good(), Poor(), Good()]);

        var buckets = await point.GetSamples();

        Assert.Equal(3, buckets.Sum(b => b.Count));
        Assert.Equal(500, buckets.Max(b => b.MaxLatencyMs));
        Assert.Equal(Health.Degraded, buckets.Last().Health);
    }

    [Fact]
    public async Task Heartbeats_for_a_point_that_was_never_set_up_are_refused()
    {
        var point = fixture.Cluster.Client.GetGrain<IConnectionPointGrain>("never-set-up");

        var receipt = await point.Receive([Good()]);

        Assert.False(receipt.PointExists);
        Assert.Null(await point.Get());
    }
}
