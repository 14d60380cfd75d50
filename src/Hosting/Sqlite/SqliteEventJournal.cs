using SessionOps.Journals;

namespace SessionOps.Hosting.Sqlite;

/// <summary>The journal in the embedded file: one row per entry, keyed by stream and position, written by the database's one writer.</summary>
public sealed class SqliteEventJournal(SqliteDatabase database) : IEventJournal
{
    /// <summary>
    /// Each entry takes the position after the stream's last, in the one writer's order: the entries of one call are
    /// queued together and usually share its transaction (one fsync).
    /// </summary>
    public Task Append(string stream, IReadOnlyList<byte[]> entries) =>
        Task.WhenAll(entries.Select(entry => database.Write(command =>
        {
            command.CommandText = """
                INSERT INTO journal (stream, position, entry, written_at)
                VALUES ($stream, (SELECT COALESCE(MAX(position) + 1, 0) FROM journal WHERE stream = $stream), $entry, $at)
                """;
            command.Parameters.AddWithValue("$stream", stream);
            command.Parameters.AddWithValue("$entry", entry);
            command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
        })));

    public async Task<IReadOnlyList<byte[]>> Read(string stream)
    {
        await using var connection = await database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT entry FROM journal WHERE stream = $stream ORDER BY position";
        command.Parameters.AddWithValue("$stream", stream);
        var entries = new List<byte[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add((byte[])reader[0]);
        }

        return entries;
    }
}
