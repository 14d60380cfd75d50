using SessionOps.Journals;

namespace SessionOps.Hosting.Sqlite;

/// <summary>The journal in the embedded file: one row per entry, keyed by stream and position, written by the database's one writer.</summary>
public sealed class SqliteEventJournal(SqliteDatabase database) : IEventJournal
{
    public async Task Append(string stream, int position, byte[] entry) =>
        await database.Write(command =>
        {
            command.CommandText = "INSERT INTO journal (stream, position, entry, written_at) VALUES ($stream, $position, $entry, $at)";
            command.Parameters.AddWithValue("$stream", stream);
            command.Parameters.AddWithValue("$position", position);
            command.Parameters.AddWithValue("$entry", entry);
            command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
        });

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
