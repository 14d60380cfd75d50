using SessionOps.Hosting;
using SessionOps.Hosting.Sqlite;
using SessionOps.Journals;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Storage;

/// <summary>Both journals, on their real stores: entries come back in the order appended, per stream, after a reopen.</summary>
public sealed class EventJournalTests
{
    [Fact]
    public async Task The_sqlite_journal_keeps_each_streams_entries_in_order_across_a_reopen()
    {
        using var directory = new TempDirectory();
        var path = directory.File("journal.db");
        await using (var database = new SqliteDatabase(path))
        {
            await Exercise(new SqliteEventJournal(database));
        }

        await using var reopened = new SqliteDatabase(path);
        await AssertKept(new SqliteEventJournal(reopened));
    }

    [Fact]
    public async Task The_redis_journal_keeps_each_streams_entries_in_order_across_a_new_connection()
    {
        await using var redis = await RedisServer.Start();
        await using (var journal = new RedisEventJournal(redis.ConnectionString, "journal-test"))
        {
            await Exercise(journal);
        }

        await using var again = new RedisEventJournal(redis.ConnectionString, "journal-test");
        await AssertKept(again);
        // Another service's streams are its own.
        await using var other = new RedisEventJournal(redis.ConnectionString, "another-service");
        Assert.Empty(await other.Read("sitting/a"));
    }

    private static async Task Exercise(IEventJournal journal)
    {
        for (var i = 0; i < 50; i++)
        {
            await journal.Append("sitting/a", i, [(byte)i, 1]);
        }

        await journal.Append("sitting/b", 0, [42]);
    }

    private static async Task AssertKept(IEventJournal journal)
    {
        var a = await journal.Read("sitting/a");
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (byte)i), a.Select(e => e[0]));
        Assert.All(a, e => Assert.Equal(1, e[1]));
        Assert.Equal([42], (await journal.Read("sitting/b")).Single());
        Assert.Empty(await journal.Read("sitting/none"));
    }
}
