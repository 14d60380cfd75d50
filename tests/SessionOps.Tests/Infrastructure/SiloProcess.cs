using System.Diagnostics;

namespace SessionOps.Tests.Infrastructure;

/// <summary>
/// A real silo process of src/Silo (the built SessionOps.Silo.dll), so that a test can kill it with SIGKILL or stop
/// it with SIGTERM as an operating system would.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly int _httpPort;

    private SiloProcess(Process process, int httpPort, int siloPort)
    {
        _process = process;
        _httpPort = httpPort;
        SiloPort = siloPort;
    }

    public int Id => _process.Id;

    /// <summary>The port of its silo-to-silo endpoint: what Orleans' silo addresses name it by.</summary>
    public int SiloPort { get; }

    /// <summary>The silo's own /metrics (Prometheus text): read without touching any grain.</summary>
    public Uri Metrics => new($"http://127.0.0.1:{_httpPort}/metrics");

    public bool HasExited => _process.HasExited;

    public static async Task<SiloProcess> Start(IDictionary<string, string?> settings)
    {
        var httpPort = FreePorts.Next();
        var process = Process.Start(StartInfo(settings, httpPort))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var silo = new SiloProcess(process, httpPort, int.Parse(settings["Orleans:SiloPort"]!));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.Get(async () => (await http.GetAsync($"http://127.0.0.1:{httpPort}/healthz")).IsSuccessStatusCode,
            up => up || process.HasExited, TimeSpan.FromSeconds(60), "the silo process to start");
        if (process.HasExited)
        {
            throw new InvalidOperationException($"The silo process exited with {process.ExitCode}.");
        }

        return silo;
    }

    /// <summary>A silo process expected to refuse its start: its exit code and what it wrote to standard error.</summary>
    public static async Task<(int ExitCode, string Error)> RunToExit(IDictionary<string, string?> settings)
    {
        using var process = Process.Start(StartInfo(settings, FreePorts.Next()))!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new InvalidOperationException("The silo process was expected to refuse its start, and it kept running.");
        }

        return (process.ExitCode, await error);
    }

    private static ProcessStartInfo StartInfo(IDictionary<string, string?> settings, int httpPort)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(SiloDll);
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.ArgumentList.Add($"--Urls=http://127.0.0.1:{httpPort}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        return start;
    }

    /// <summary>SIGKILL: the silo gets no chance to hand anything over.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, and wait for the graceful shutdown to finish.</summary>
    public async Task Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])!;
        await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>src/Silo's build output, beside this test assembly's configuration (the test project builds it).</summary>
    private static string SiloDll
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SessionOps.sln")))
            {
                directory = directory.Parent;
            }

            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            var dll = Path.Combine(directory!.FullName, "src", "Silo", "bin", configuration, "net10.0", "SessionOps.Silo.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first: the silo process runs from its output.", dll);
        }
    }
}
