using System.Text.RegularExpressions;

namespace SessionOps.Agent;

/// <summary>The agent's settings: <c>Agent:*</c> in appsettings.json, the environment (<c>Agent__Key</c>) or the command line.</summary>
public sealed partial class AgentOptions
{
    public string Gateway { get; set; } = "";

    public string Point { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>Comma-separated targets: <c>host:port</c> (TCP connect), <c>icmp:host</c> (ping, where the system allows it).</summary>
    public string Probes { get; set; } = "";

    /// <summary>An HTTP endpoint answering <c>{"audio": bool, "video": bool, "bitrateKbps": number}</c>: the codec's or a script's.</summary>
    public string StatusUrl { get; set; } = "";

    /// <summary>A command whose standard output is the same JSON, run each second (through <c>/bin/sh -c</c>, or <c>cmd /c</c>).</summary>
    public string StatusCommand { get; set; } = "";

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The file that keeps heartbeats not yet delivered; empty: beside the agent, in its data folder.</summary>
    public string BacklogPath { get; set; } = "";

    /// <summary>How many undelivered heartbeats are kept (an hour at one a second); the oldest go first.</summary>
    public int MaxBacklog { get; set; } = 3600;

    /// <summary>Everything wrong with the settings, each said so that the person installing the agent can fix it.</summary>
    public List<string> Problems()
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(Gateway, UriKind.Absolute, out var gateway) || gateway.Scheme is not ("http" or "https"))
        {
            problems.Add($"--gateway must be the Gateway's URL, such as https://sessionops.example.vn (got '{Gateway}').");
        }

        if (!IdPattern().IsMatch(Point))
        {
            problems.Add($"--point must be the connection point's id, such as doan-hue (got '{Point}').");
        }

        if (!Key.StartsWith("sok.", StringComparison.Ordinal) || Key.Length < 20)
        {
            problems.Add("--key must be the point's agent key, shown once when an admin created it (it begins with 'sok.').");
        }

        var targets = ProbeTarget.ParseAll(Probes, out var bad);
        problems.AddRange(bad.Select(b => $"--probe '{b}' is not host:port or icmp:host."));
        if (targets.Count == 0 && bad.Count == 0)
        {
            problems.Add("--probe is required: at least one target to measure the link by, such as the Gateway's host:443.");
        }

        if (Interval < TimeSpan.FromMilliseconds(200) || Interval > TimeSpan.FromMinutes(1))
        {
            problems.Add("Agent:Interval must be between 00:00:00.2 and 00:01:00.");
        }

        if (MaxBacklog is < 1 or > 1_000_000)
        {
            problems.Add("Agent:MaxBacklog must be between 1 and 1000000.");
        }

        return problems;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();
}
