using SessionOps.Journals;
using StackExchange.Redis;

namespace SessionOps.Hosting;

/// <summary>The journal in the cluster's Redis: one list per stream, appended with RPUSH, read with LRANGE.</summary>
public sealed class RedisEventJournal(ConfigurationOptions configuration, string serviceId) : IEventJournal, IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _redis = new(() => ConnectionMultiplexer.ConnectAsync(configuration));

    public RedisEventJournal(string configuration, string serviceId)
        : this(ConfigurationOptions.Parse(configuration), serviceId)
    {
    }

    /// <summary>One RPUSH of all the entries: they land together, in order, after the list's last.</summary>
    public async Task Append(string stream, IReadOnlyList<byte[]> entries)
    {
        var database = (await _redis.Value).GetDatabase();
        await database.ListRightPushAsync(Key(stream), [.. entries.Select(e => (RedisValue)e)]);
    }

    public async Task<IReadOnlyList<byte[]>> Read(string stream)
    {
        var database = (await _redis.Value).GetDatabase();
        var values = await database.ListRangeAsync(Key(stream));
        return [.. values.Select(v => (byte[])v!)];
    }

    private RedisKey Key(string stream) => $"{serviceId}/journal/{stream}";

    public async ValueTask DisposeAsync()
    {
        if (_redis.IsValueCreated)
        {
            await (await _redis.Value).DisposeAsync();
        }
    }
}
