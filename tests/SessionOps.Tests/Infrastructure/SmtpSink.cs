using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace SessionOps.Tests.Infrastructure;

/// <summary>
/// A mail server for the tests: real SMTP over TCP on 127.0.0.1 (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeping
/// every message it accepts, parsed by MimeKit. Recipients in <see cref="Refused"/> are refused with 550, as a server
/// refuses an unknown mailbox.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(string[] To, MimeMessage Message)> _messages = [];

    private SmtpSink()
    {
        _listener.Start();
        _ = Task.Run(AcceptAll);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public HashSet<string> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<(string[] To, MimeMessage Message)> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public static SmtpSink Start() => new();

    private async Task AcceptAll()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => Converse(client));
        }
    }

    private async Task Converse(TcpClient client)
    {
        using var _ = client;
        await using var stream = client.GetStream();
        // Latin-1 maps each byte to one char and back, so that 8-bit message bytes survive the line reading unchanged.
        using var reader = new StreamReader(stream, Encoding.Latin1);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 sink.test ESMTP ready");
        var to = new List<string>();
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-sink.test");
                    await writer.WriteLineAsync("250-8BITMIME");
                    await writer.WriteLineAsync("250 SMTPUTF8");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 sink.test");
                    break;
                case "MAIL":
                    to.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    var address = line[(line.IndexOf('<') + 1)..line.IndexOf('>')];
                    if (Refused.Contains(address))
                    {
                        await writer.WriteLineAsync("550 5.1.1 No such mailbox");
                    }
                    else
                    {
                        to.Add(address);
                        await writer.WriteLineAsync("250 OK");
                    }

                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                    {
                        data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    }

                    var message = await MimeMessage.LoadAsync(new MemoryStream(Encoding.Latin1.GetBytes(data.ToString())));
                    lock (_messages)
                    {
                        _messages.Add(([.. to], message));
                    }

                    await writer.WriteLineAsync("250 OK queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
    }
}
