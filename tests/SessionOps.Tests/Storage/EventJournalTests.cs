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
        var journal = new SqliteEventJournal(reopened);
        await AssertKept(journal);
        // Appended after a reopen, entries follow those already there.
        await journal.Append("sitting/b", [[43], [44]]);
        Assert.Equal([42, 43, 44], (await journal.Read("sitting/b")).Select(e => e[0]));
    }

    [Fact]
    [Trait("Needs", "Redis")]
    public async Task The_redis_journal_keeps_each_streams_entries_in_order_across_a_new_connection()
    {
        await using var redis = await RedisServer.Start();
        await using (var journal = new RedisEventJournal(redis.ConnectionString, "journal-test"))
        {
            await Exercise(journal);
        }

        await using var again = new RedisEventJournal(redis.ConnectionString, "journal-test");
        await AssertKept(again);
        await again.Append("sitting/b", [[43], [44]]);
        Assert.Equal([42, 43, 44], (await again.Read("sitting/b")).Select(e => e[0]));
        // Another service's streams are its own.
        await using var other = new RedisEventJournal(redis.ConnectionString, "another-service");
        Assert.Empty(await other.Read("sitting/a"));
    }

    private static async Task Exercise(IEventJournal journal)
    {
        // One at a time, and many in one call: the order is the order given.
        for (var i = 0; i < 20; i++)
        {
            await journal.Append("sitting/a", [[(byte)i, 1]]);
        }

        await journal.Append("sitting/a", [.. Enumerable.Range(20, 30).Select(i => new byte[] { (byte)i, 1 })]);
        await journal.Append("sitting/b", [[42]]);
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
