using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using SessionOps.Hosting.Sqlite;
using SessionOps.Sessions;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Storage;

/// <summary>The embedded mode's storage provider and reminder table, on a real SQLite file.</summary>
public sealed class SqliteStorageTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>, IDisposable
{
    private readonly TempDirectory _directory = new();

    private (SqliteGrainStorage Storage, SqliteReminderTable Reminders) Open(string file = "store.db")
    {
        var services = fixture.Cluster.GetSiloServiceProvider();
        var database = new SqliteDatabase(_directory.File(file));
        var cluster = Options.Create(new ClusterOptions { ServiceId = "test", ClusterId = "test" });
        var storage = new SqliteGrainStorage(
            database,
            new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()),
            services.GetRequiredService<IActivatorProvider>(),
            cluster);
        return (storage, new SqliteReminderTable(database, cluster));
    }

    private static GrainState<SessionState> Empty() => new() { State = new SessionState() };

    [Fact]
    public async Task State_written_is_read_back_by_a_new_provider_on_the_same_file()
    {
        var id = GrainId.Create("session", "written");
        var written = Empty();
        written.State = new SessionState { Phase = SessionPhase.Live, PhaseReason = "Khai mạc" };
        await Open().Storage.WriteStateAsync("session", id, written);

        var read = Empty();
        await Open().Storage.ReadStateAsync("session", id, read);

        Assert.True(read.RecordExists);
        Assert.Equal(SessionPhase.Live, read.State!.Phase);
        Assert.Equal("Khai mạc", read.State!.PhaseReason);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_leaves_the_stored_state()
    {
        var (storage, _) = Open();
        var id = GrainId.Create("session", "contended");
        var first = Empty();
        await storage.WriteStateAsync("session", id, first);
        var stale = Empty();
        await storage.ReadStateAsync("session", id, stale);

        first.State = new SessionState { Phase = SessionPhase.Preparing };
        await storage.WriteStateAsync("session", id, first);
        stale.State = new SessionState { Phase = SessionPhase.Cancelled };

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("session", id, stale));
        var stored = Empty();
        await storage.ReadStateAsync("session", id, stored);
        Assert.Equal(SessionPhase.Preparing, stored.State!.Phase);
    }

    [Fact]
    public async Task Two_first_writes_of_the_same_grain_cannot_both_succeed()
    {
        var (storage, _) = Open();
        var id = GrainId.Create("session", "twice");
        await storage.WriteStateAsync("session", id, Empty());

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("session", id, Empty()));
    }

    [Fact]
    public async Task Clearing_removes_the_record()
    {
        var (storage, _) = Open();
        var id = GrainId.Create("session", "cleared");
        var state = Empty();
        await storage.WriteStateAsync("session", id, state);

        await storage.ClearStateAsync("session", id, state);

        var read = Empty();
        await storage.ReadStateAsync("session", id, read);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task Reminders_are_kept_replaced_and_removed_by_etag()
    {
        var (_, reminders) = Open();
        var grain = GrainId.Create("session", "with-deadline");
        var etag = await reminders.UpsertRow(new ReminderEntry
        {
            GrainId = grain, ReminderName = "deadline", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1),
        });

        var replacedETag = await reminders.UpsertRow(new ReminderEntry
        {
            GrainId = grain, ReminderName = "deadline", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(5),
        });
        var (_, reopened) = Open();
        var row = await reopened.ReadRow(grain, "deadline");

        Assert.NotNull(row);
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
        Assert.Equal(replacedETag, row.ETag);
        Assert.False(await reopened.RemoveRow(grain, "deadline", etag!));
        Assert.True(await reopened.RemoveRow(grain, "deadline", replacedETag!));
        Assert.Empty((await reopened.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task Reminder_ranges_cover_the_whole_ring_including_the_wrap()
    {
        var (_, reminders) = Open();
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("session", $"ring-{i}")).ToArray();
        foreach (var grain in grains)
        {
            await reminders.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "r", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) });
        }

        var split = grains[7].GetUniformHashCode();
        var upper = (await reminders.ReadRows(split, uint.MaxValue)).Reminders;
        var wrapped = (await reminders.ReadRows(uint.MaxValue, split)).Reminders;
        var lower = (await reminders.ReadRows(0, split)).Reminders;

        Assert.Equal(grains.Length, upper.Count + wrapped.Count);
        Assert.Contains(lower, r => r.GrainId == grains[7]);
        Assert.DoesNotContain(upper, r => r.GrainId == grains[7]);
    }

    public void Dispose() => _directory.Dispose();
}
