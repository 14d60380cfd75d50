using System.Diagnostics;
using StackExchange.Redis;

namespace SessionOps.Tests.Infrastructure;

/// <summary>
/// A real redis-server process of the test's own, on a free port, with the append-only file on and fsync on
/// every write and a password of its own (<c>requirepass</c>), as the cluster runs in production. It can be killed
/// and started again on the same files.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private Process? _process;

    public int Port { get; } = FreePorts.Next();

    public string Password { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public string Address => $"127.0.0.1:{Port}";

    public string ConnectionString => $"{Address},password={Password}";

    public static string Executable => Environment.GetEnvironmentVariable("REDIS_SERVER") ?? "/usr/bin/redis-server";

    public static async Task<RedisServer> Start()
    {
        var server = new RedisServer();
        await server.Run();
        return server;
    }

    public async Task Run()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install Debian's redis-server (.ci/run does).");
        }

        _process = Process.Start(new ProcessStartInfo(Executable,
        [
            "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _directory.Path,
            "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no", "--requirepass", Password,
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await Eventually.Get(async () =>
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
            return await connection.GetDatabase().PingAsync();
        }, _ => true, TimeSpan.FromSeconds(15), "redis-server to answer PING");
    }

    /// <summary>SIGKILL: no chance to flush anything that was not already on disk.</summary>
    public void Kill()
    {
        _process?.Kill();
        _process?.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _directory.Dispose();
    }
}
