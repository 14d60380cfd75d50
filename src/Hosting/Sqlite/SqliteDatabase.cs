using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace SessionOps.Hosting.Sqlite;

/// <summary>
/// The embedded mode's database file: grain state, reminders and the journal of growing histories, one table each.
/// WAL with full sync, so that a write confirmed to a grain survives a crash of the process.
/// Reads go on pooled connections side by side. Writes go through one writer that commits whatever has queued up in
/// one transaction: one fsync for many grains' writes, and no thread of the grains' pool held waiting for the disk.
/// A write is confirmed only after its transaction committed.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private const int MostPerTransaction = 512;

    private readonly string _connectionString;
    private readonly Lazy<Task> _schema;
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<Task> _writer;

    private sealed record PendingWrite(Action<SqliteCommand> Prepare, TaskCompletionSource<int> Done);

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _schema = new Lazy<Task>(CreateSchema);
        _writer = new Lazy<Task>(() => Task.Factory.StartNew(WriteLoop, CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap());
    }

    /// <summary>Runs one statement in the writer's next transaction; answers its rows affected once committed.</summary>
    public async Task<int> Write(Action<SqliteCommand> prepare)
    {
        await _schema.Value;
        var writer = _writer.Value;
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _writes.Writer.WriteAsync(new PendingWrite(prepare, done));
        // A writer that died (the file became unwritable) must fail its callers, not leave them waiting.
        if (await Task.WhenAny(done.Task, writer) == writer && !done.Task.IsCompleted)
        {
            await writer;
            throw new InvalidOperationException($"The SQLite writer of {Path} has stopped.");
        }

        return await done.Task;
    }

    /// <summary>
    /// One real write through the writer (a row of its own, rewritten): it answers only when the writer can commit, which a
    /// full disk, a file made read-only or another process holding the write lock prevents.
    /// </summary>
    public Task CheckWritable() => Write(command =>
    {
        command.CommandText = "INSERT INTO writer_probe (id, written_at) VALUES (1, $at) ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at";
        command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
    });

    /// <summary>Lets the writer finish what is queued and close its connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        if (_writer.IsValueCreated)
        {
            await _writer.Value;
        }
    }

    private async Task WriteLoop()
    {
        await using var connection = await OpenRaw();
        var batch = new List<PendingWrite>(MostPerTransaction);
        var results = new List<(int Rows, Exception? Error)>(MostPerTransaction);
        while (await _writes.Reader.WaitToReadAsync())
        {
            batch.Clear();
            results.Clear();
            while (batch.Count < MostPerTransaction && _writes.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            try
            {
                using var transaction = connection.BeginTransaction();
                foreach (var write in batch)
                {
                    try
                    {
                        using var command = connection.CreateCommand();
                        command.Transaction = transaction;
                        write.Prepare(command);
                        results.Add((command.ExecuteNonQuery(), null));
                    }
                    catch (SqliteException error)
                    {
                        // One statement failed and was undone by itself; the others of the transaction still count.
                        results.Add((0, error));
                    }
                }

                transaction.Commit();
            }
            catch (Exception error)
            {
                foreach (var write in batch)
                {
                    write.Done.TrySetException(error);
                }

                continue;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                if (results[i].Error is { } error)
                {
                    batch[i].Done.TrySetException(error);
                }
                else
                {
                    batch[i].Done.TrySetResult(results[i].Rows);
                }
            }
        }
    }

    public string Path { get; }

    public async Task<SqliteConnection> Open()
    {
        await _schema.Value;
        return await OpenRaw();
    }

    private async Task<SqliteConnection> OpenRaw()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
        await pragma.ExecuteNonQueryAsync();
        return connection;
    }

    private async Task CreateSchema()
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenRaw();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS grain_state (
                service_id  TEXT NOT NULL,
                grain_id    TEXT NOT NULL,
                state_name  TEXT NOT NULL,
                etag        INTEGER NOT NULL,
                payload     BLOB NOT NULL,
                modified_at TEXT NOT NULL,
                PRIMARY KEY (service_id, grain_id, state_name)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS reminders (
                service_id    TEXT NOT NULL,
                grain_id      TEXT NOT NULL,
                reminder_name TEXT NOT NULL,
                grain_hash    INTEGER NOT NULL,
                start_at      TEXT NOT NULL,
                period_ticks  INTEGER NOT NULL,
                etag          TEXT NOT NULL,
                PRIMARY KEY (service_id, grain_id, reminder_name)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (service_id, grain_hash);
            CREATE TABLE IF NOT EXISTS writer_probe (
                id         INTEGER PRIMARY KEY,
                written_at TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS journal (
                stream     TEXT NOT NULL,
                position   INTEGER NOT NULL,
                entry      BLOB NOT NULL,
                written_at TEXT NOT NULL,
                PRIMARY KEY (stream, position)
            ) WITHOUT ROWID;
            """;
        await command.ExecuteNonQueryAsync();
    }
}
