using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace SessionOps.Hosting.Sqlite;

/// <summary>
/// Grain storage over one SQLite table. The ETag is a row version: a write that does not
/// carry the version storage holds is refused with <see cref="InconsistentStateException"/>,
/// so two activations can never overwrite each other silently.
/// </summary>
public sealed class SqliteGrainStorage(
    SqliteDatabase database,
    IGrainStorageSerializer serializer,
    IActivatorProvider activators,
    IOptions<ClusterOptions> cluster) : IGrainStorage
{
    private readonly string _serviceId = cluster.Value.ServiceId;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, payload FROM grain_state WHERE service_id = $service AND grain_id = $grain AND state_name = $state";
        AddKey(command, stateName, grainId);

        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            grainState.ETag = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
            grainState.State = serializer.Deserialize<T>(new BinaryData((byte[])reader[1]))!;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.State = activators.GetActivator<T>().Create();
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.Serialize(grainState.State).ToArray();
        var modified = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var expected = grainState.ETag is null ? (long?)null : long.Parse(grainState.ETag, CultureInfo.InvariantCulture);

        var rows = await database.Write(command =>
        {
            AddKey(command, stateName, grainId);
            command.Parameters.AddWithValue("$payload", payload);
            command.Parameters.AddWithValue("$modified", modified);
            if (expected is { } etag)
            {
                command.CommandText = """
                    UPDATE grain_state SET etag = etag + 1, payload = $payload, modified_at = $modified
                    WHERE service_id = $service AND grain_id = $grain AND state_name = $state AND etag = $etag
                    """;
                command.Parameters.AddWithValue("$etag", etag);
            }
            else
            {
                command.CommandText = """
                    INSERT INTO grain_state (service_id, grain_id, state_name, etag, payload, modified_at)
                    VALUES ($service, $grain, $state, 1, $payload, $modified)
                    ON CONFLICT DO NOTHING
                    """;
            }
        });

        if (rows != 1)
        {
            throw new InconsistentStateException(
                $"State '{stateName}' of {grainId} was changed by someone else.", storedEtag: null, currentEtag: grainState.ETag, storageException: null);
        }

        grainState.ETag = ((expected ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is { } current)
        {
            var etag = long.Parse(current, CultureInfo.InvariantCulture);
            var rows = await database.Write(command =>
            {
                command.CommandText = "DELETE FROM grain_state WHERE service_id = $service AND grain_id = $grain AND state_name = $state AND etag = $etag";
                AddKey(command, stateName, grainId);
                command.Parameters.AddWithValue("$etag", etag);
            });
            if (rows != 1)
            {
                throw new InconsistentStateException(
                    $"State '{stateName}' of {grainId} was changed by someone else.", storedEtag: null, currentEtag: grainState.ETag, storageException: null);
            }
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = activators.GetActivator<T>().Create();
    }

    private void AddKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$service", _serviceId);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        command.Parameters.AddWithValue("$state", stateName);
    }
}
