using System.Net;
using Microsoft.Data.Sqlite;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Operations;

/// <summary>/readyz says whether this replica can serve: embedded, whether its SQLite writer can commit.</summary>
public sealed class ReadinessProbeTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayHost.Start(_directory.File("gateway.db"));

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Embedded_readiness_fails_while_another_process_holds_the_write_lock_and_returns_when_it_lets_go()
    {
        var client = _gateway.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        // What another program on the machine (a backup tool, sqlite3 left open) does to the file: reads still work.
        await using (var holder = new SqliteConnection($"Data Source={_directory.File("gateway.db")};Pooling=false"))
        {
            await holder.OpenAsync();
            await using var exclusive = holder.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE";
            await exclusive.ExecuteNonQueryAsync();

            // The probe's outcome is shared for two seconds, so the first answers may still be the one from before the lock.
            var locked = await Eventually.Get(() => client.GetAsync("/readyz"), r => r.StatusCode == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(30), "unready while the lock is held");
            var report = await locked.Json();
            Assert.Equal("Unhealthy", (string)report["checks"]!["sqlite-writer"]!["status"]!);
            Assert.Equal("Healthy", (string)report["checks"]!["silo-and-storage"]!["status"]!);
            Assert.DoesNotContain(_directory.Path, await locked.Content.ReadAsStringAsync());

            await using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        await Eventually.Get(async () => (await client.GetAsync("/readyz")).StatusCode, status => status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "readiness once the lock is gone");
    }
}
