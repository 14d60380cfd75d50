using SessionOps.Journals;

namespace SessionOps.Hosting.Sqlite;

/// <summary>The journal in the embedded file: one row per entry, keyed by stream and position, written by the database's one writer.</summary>
public sealed class SqliteEventJournal(SqliteDatabase database) : IEventJournal
{
    /// <summary>
    /// One statement: the entries take the positions after the stream's last, in their order, all or none of them, in
    /// the one writer's transaction.
    /// </summary>
    public async Task Append(string stream, IReadOnlyList<byte[]> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await database.Write(command =>
        {
            var rows = string.Join(", ", entries.Select((_, i) => $"({i}, $entry{i})"));
            command.CommandText = $"""
                INSERT INTO journal (stream, position, entry, written_at)
                SELECT $stream, base.next + rows.column1, rows.column2, $at
                FROM (SELECT COALESCE(MAX(position) + 1, 0) AS next FROM journal WHERE stream = $stream) AS base,
                     (VALUES {rows}) AS rows
                """;
            command.Parameters.AddWithValue("$stream", stream);
            command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
            for (var i = 0; i < entries.Count; i++)
            {
                command.Parameters.AddWithValue($"$entry{i}", entries[i]);
            }
        });
    }

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
