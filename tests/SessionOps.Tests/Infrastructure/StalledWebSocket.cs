using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace SessionOps.Tests.Infrastructure;

/// <summary>
/// A browser tab that froze: a raw WebSocket to the hub, on a socket with a tiny receive buffer, that subscribes to a
/// session and then never reads again, so that the server's writes to it back up.
/// </summary>
public sealed class StalledWebSocket : IDisposable
{
    private readonly Socket _socket;

    private StalledWebSocket(Socket socket) => _socket = socket;

    public static async Task<StalledWebSocket> Subscribe(GatewayHost host, string token, string sessionId)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 2048, ReceiveTimeout = 30_000 };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port, deadline.Token);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        await Send(socket, Encoding.ASCII.GetBytes(
            $"GET /hubs/ops?access_token={token} HTTP/1.1\r\nHost: {host.BaseAddress.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"));
        var response = await ReadHeaders(socket, deadline.Token);
        if (!response.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The hub refused the WebSocket: {response}");
        }

        await Send(socket, Frame("{\"protocol\":\"json\",\"version\":1}\u001e"));
        await Send(socket, Frame($"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"Subscribe\",\"arguments\":[\"{sessionId}\"]}}\u001e"));
        // From here on it reads nothing: the server's frames pile up in its buffers.
        return new StalledWebSocket(socket);
    }

    private static async Task Send(Socket socket, byte[] bytes)
    {
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += await socket.SendAsync(bytes.AsMemory(sent));
        }
    }

    private static async Task<string> ReadHeaders(Socket socket, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var one = new byte[1];
        while (!(received.Count >= 4 && received[^4] == '\r' && received[^3] == '\n' && received[^2] == '\r' && received[^1] == '\n'))
        {
            if (await socket.ReceiveAsync(one, SocketFlags.None, cancellationToken) == 0)
            {
                break;
            }

            received.Add(one[0]);
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    /// <summary>A masked text frame, as a client must send it.</summary>
    private static byte[] Frame(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var mask = RandomNumberGenerator.GetBytes(4);
        var frame = new List<byte> { 0x81 };
        if (payload.Length < 126)
        {
            frame.Add((byte)(0x80 | payload.Length));
        }
        else
        {
            frame.Add(0x80 | 126);
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }

        frame.AddRange(mask);
        frame.AddRange(payload.Select((b, i) => (byte)(b ^ mask[i % 4])));
        return [.. frame];
    }

    public void Dispose() => _socket.Dispose();
}
