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
    private readonly ClusterCertificates? _tls;
    private Process? _process;

    private RedisServer(ClusterCertificates? tls) => _tls = tls;

    public int Port { get; } = FreePorts.Next();

    public string Password { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public string Address => $"127.0.0.1:{Port}";

    public string ConnectionString => $"{Address},password={Password}" + (_tls is null ? "" : ",ssl=true");

    public static string Executable => Environment.GetEnvironmentVariable("REDIS_SERVER") ?? "/usr/bin/redis-server";

    /// <param name="tls">Serve TLS only, with this member certificate (clients need not show one).</param>
    public static async Task<RedisServer> Start(ClusterCertificates? tls = null)
    {
        var server = new RedisServer(tls);
        await server.Run();
        return server;
    }

    public async Task Run()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install Debian's redis-server (.ci/run does).");
        }

        string[] listen = _tls is null
            ? ["--port", Port.ToString()]
            :
            [
                "--port", "0", "--tls-port", Port.ToString(), "--tls-cert-file", _tls.Certificate, "--tls-key-file", _tls.Key,
                "--tls-ca-cert-file", _tls.Authority, "--tls-auth-clients", "no",
            ];
        _process = Process.Start(new ProcessStartInfo(Executable,
        [
            .. listen, "--bind", "127.0.0.1", "--dir", _directory.Path,
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
            var options = ConfigurationOptions.Parse(ConnectionString);
            // The test's own readiness check only: the code under test validates against the authority.
            options.CertificateValidation += (_, _, _, _) => true;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
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
