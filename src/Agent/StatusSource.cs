using Microsoft.Extensions.Logging;

using System.Diagnostics;
using System.Text.Json;

namespace SessionOps.Agent;

/// <summary>Sound, picture and bitrate as the point's codec (or a script) tells them; null where it could not be learnt.</summary>
public sealed record AvStatus(bool? Audio, bool? Video, double? BitrateKbps)
{
    public static readonly AvStatus Unknown = new(null, null, null);
}

/// <summary>
/// Reads the status from an HTTP endpoint or a command's standard output, both answering
/// <c>{"audio": true, "video": true, "bitrateKbps": 2048}</c>. Whatever fails or answers something else is
/// unknown, never a crash: the heartbeat then says so, and the Gateway rates the link degraded.
/// </summary>
public sealed class StatusSource(AgentOptions options, HttpClient http, ILogger<StatusSource> logger)
{
    private string? _lastProblem;

    public async Task<AvStatus> Read(CancellationToken cancellationToken)
    {
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(options.Interval);
            var text = !string.IsNullOrWhiteSpace(options.StatusUrl) ? await http.GetStringAsync(options.StatusUrl, limit.Token)
                : !string.IsNullOrWhiteSpace(options.StatusCommand) ? await Run(options.StatusCommand, limit.Token)
                : null;
            if (text is null)
            {
                return Problem("no status source is set (Agent:StatusUrl or Agent:StatusCommand): sound and picture are unknown");
            }

            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            var status = new AvStatus(Flag(root, "audio"), Flag(root, "video"),
                root.TryGetProperty("bitrateKbps", out var bitrate) && bitrate.ValueKind == JsonValueKind.Number && bitrate.GetDouble() >= 0 ? bitrate.GetDouble() : null);
            if (status.Audio is null || status.Video is null)
            {
                return Problem($"the status source answered without audio and video as true or false: {Shorten(text)}");
            }

            _lastProblem = null;
            return status;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Problem($"the status source failed: {exception.Message}");
        }
    }

    private static bool? Flag(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    /// <summary>Logged once until it changes: a status source that stays broken does not fill the journal.</summary>
    private AvStatus Problem(string problem)
    {
        if (problem != _lastProblem)
        {
            logger.LogWarning("Status unknown: {Problem}", problem);
            _lastProblem = problem;
        }

        return AvStatus.Unknown;
    }

    private static async Task<string> Run(string command, CancellationToken cancellationToken)
    {
        var start = OperatingSystem.IsWindows() ? new ProcessStartInfo("cmd", ["/c", command]) : new ProcessStartInfo("/bin/sh", ["-c", command]);
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start)!;
        try
        {
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return output;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    private static string Shorten(string text) => text.Length <= 120 ? text.Trim() : text[..120] + "…";
}
