using System.Text.Json;

namespace SessionOps.Agent;

/// <summary>
/// One heartbeat as the Gateway takes it. Audio, video and bitrate are sent as null when the status source could not
/// tell them; <see cref="ConnectionPointId"/> goes only on the batch route.
/// </summary>
public sealed record OutgoingHeartbeat(
    long Seq,
    DateTimeOffset SentAt,
    double LatencyMs,
    double JitterMs,
    double PacketLossPct,
    double? BitrateKbps,
    bool? Audio,
    bool? Video,
    string BootId,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? ConnectionPointId = null);

/// <summary>
/// The heartbeats not yet delivered, oldest first, kept in a file so that a restart of the agent loses none of them.
/// Bounded: past <see cref="AgentOptions.MaxBacklog"/> the oldest go. The file is written whole, then moved into
/// place, so a crash leaves either the old or the new one.
/// </summary>
public sealed class Backlog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly List<OutgoingHeartbeat> _items = [];
    private readonly string _path;
    private readonly int _max;

    public Backlog(string path, int max)
    {
        _path = path;
        _max = max;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
            {
                try
                {
                    _items.Add(JsonSerializer.Deserialize<OutgoingHeartbeat>(line, Json)!);
                }
                catch (JsonException)
                {
                    // A line cut by a power failure: the rest is still good.
                }
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    /// <remarks>The measuring loop adds while the delivering loop takes: each under the list's lock.</remarks>
    public void Add(OutgoingHeartbeat heartbeat)
    {
        lock (_items)
        {
            _items.Add(heartbeat);
            if (_items.Count > _max)
            {
                _items.RemoveRange(0, _items.Count - _max);
            }

            Save();
        }
    }

    public IReadOnlyList<OutgoingHeartbeat> Oldest(int count)
    {
        lock (_items)
        {
            return _items.Take(count).ToArray();
        }
    }

    public void Delivered(int count)
    {
        lock (_items)
        {
            _items.RemoveRange(0, Math.Min(count, _items.Count));
            Save();
        }
    }

    private void Save()
    {
        var temporary = _path + ".tmp";
        File.WriteAllLines(temporary, _items.Select(i => JsonSerializer.Serialize(i, Json)));
        File.Move(temporary, _path, overwrite: true);
    }
}
