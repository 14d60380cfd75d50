using System.Diagnostics;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace SessionOps.Agent;

/// <summary>Something to measure the link by: a TCP connect to host:port, or an ICMP echo where the system allows it.</summary>
public sealed record ProbeTarget(string Host, int? Port)
{
    public override string ToString() => Port is { } port ? $"{Host}:{port}" : $"icmp:{Host}";

    public static List<ProbeTarget> ParseAll(string text, out List<string> bad)
    {
        var targets = new List<ProbeTarget>();
        bad = [];
        foreach (var part in text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("icmp:", StringComparison.OrdinalIgnoreCase) && part.Length > 5)
            {
                targets.Add(new ProbeTarget(part[5..], null));
            }
            else if (part.LastIndexOf(':') is var colon and > 0 && int.TryParse(part[(colon + 1)..], out var port) && port is > 0 and < 65536)
            {
                targets.Add(new ProbeTarget(part[..colon].Trim('[', ']'), port));
            }
            else
            {
                bad.Add(part);
            }
        }

        return targets;
    }

    /// <summary>The round trip in milliseconds, or null when the target did not answer within <paramref name="timeout"/>.</summary>
    public async Task<double?> Measure(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            if (Port is not { } port)
            {
                using var ping = new Ping();
                var reply = await ping.SendPingAsync(Host, timeout, cancellationToken: cancellationToken);
                return reply.Status == IPStatus.Success ? reply.RoundtripTime : null;
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            var started = Stopwatch.GetTimestamp();
            await socket.ConnectAsync(Host, port, limit.Token);
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or PingException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
