using Microsoft.Data.Sqlite;

namespace SessionOps.Hosting.Sqlite;

/// <summary>
/// The embedded mode's database file: grain state and reminders, one table each.
/// WAL with full sync, so that a write confirmed to a grain survives a crash of the process.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly Lazy<Task> _schema;

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
            """;
        await command.ExecuteNonQueryAsync();
    }
}
