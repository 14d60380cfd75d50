using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Agent;

/// <summary>
/// The agent an office installs (src/Agent, run as its own process) against a real Gateway: a TCP target on this
/// machine to probe, a command for its codec's status.
/// </summary>
public sealed partial class AgentTests : IAsyncLifetime
{
    private const string GoodStatus = """printf '{"audio":true,"video":true,"bitrateKbps":2048}'""";
    private readonly TempDirectory _directory = new();
    private readonly TcpListener _probe = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _port = FreePorts.Next();
    private GatewayHost _gateway = null!;

    private string Point { get; } = "cp-" + Guid.NewGuid().ToString("N")[..8];

    private string Backlog => _directory.File("backlog.jsonl");

    public async Task InitializeAsync()
    {
        _probe.Start();
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                using var connection = await _probe.AcceptTcpClientAsync(_stop.Token);
            }
        });
        _gateway = await StartGateway();
        var admin = _gateway.Client("admin");
        Assert.True((await admin.PutAsJsonAsync($"/api/connection-points/{Point}",
            new { name = "Đoàn ĐBQH Huế", province = "Huế", kind = "provincialDelegation" })).IsSuccessStatusCode);
    }

    private Task<GatewayHost> StartGateway() => GatewayHost.Start(_directory.File("gateway.db"), port: _port);

    private async Task<(string KeyId, string Key)> NewKey()
    {
        var created = await (await _gateway.Client("admin").PostAsync($"/api/connection-points/{Point}/agent-keys", null)).Json();
        return ((string)created["keyId"]!, (string)created["key"]!);
    }

    private AgentProcess StartAgent(string key, string status = GoodStatus) => AgentProcess.Start(
        "--gateway", $"http://127.0.0.1:{_port}", "--point", Point, "--key", key,
        "--probe", $"127.0.0.1:{((IPEndPoint)_probe.LocalEndpoint).Port}", "--status-command", status, "--backlog", Backlog);

    private Task<string> Health() => Read("health");

    private async Task<string> Read(string field) =>
        (await (await _gateway.Client("operator").GetAsync($"/api/connection-points/{Point}")).Json())[field]?.ToString() ?? "";

    [Fact]
    public async Task An_agent_started_with_its_key_brings_its_point_online_within_seconds()
    {
        await using var agent = StartAgent((await NewKey()).Key);

        await Eventually.Get(Health, health => health == "online", TimeSpan.FromSeconds(20), "the point online");
        Assert.False(agent.HasExited, agent.Log);
        Assert.True(long.Parse(await Read("lastSeq")) >= 1);
        Assert.True(double.Parse(await Read("latencyMs"), System.Globalization.CultureInfo.InvariantCulture) >= 0);
    }

    [Fact]
    public async Task The_agent_keeps_its_heartbeats_while_the_gateway_is_down_and_delivers_them_when_it_is_back()
    {
        await using var agent = StartAgent((await NewKey()).Key);
        await Eventually.Get(Health, health => health == "online", TimeSpan.FromSeconds(20), "the point online");

        await _gateway.DisposeAsync();
        var kept = await Eventually.Get(() => Task.FromResult(File.Exists(Backlog) ? File.ReadAllLines(Backlog).Length : 0),
            count => count >= 3, TimeSpan.FromSeconds(20), "heartbeats kept on disk while the Gateway is away");
        Assert.Contains("cannot be reached", agent.Log);

        _gateway = await StartGateway();
        await Eventually.Get(() => Task.FromResult(File.ReadAllLines(Backlog).Length), count => count == 0, TimeSpan.FromSeconds(20), "the backlog delivered");
        // The Gateway took the backlog on its batch route, every one of them applied (none too old to count).
        var metrics = await (await _gateway.Client("admin").GetAsync("/metrics")).Content.ReadAsStringAsync();
        var batch = BatchCounter().Matches(metrics).Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Sum();
        Assert.True(batch >= kept, $"{batch} heartbeats applied on the batch route, {kept} kept.\n{metrics}");
        await Eventually.Get(Health, health => health == "online", TimeSpan.FromSeconds(20), "the point online again");
        Assert.False(agent.HasExited, agent.Log);
    }

    [Fact]
    public async Task A_revoked_key_stops_the_agent_with_a_line_that_says_why_and_a_non_zero_exit()
    {
        var (keyId, key) = await NewKey();
        await using var agent = StartAgent(key);
        await Eventually.Get(Health, health => health == "online", TimeSpan.FromSeconds(20), "the point online");

        Assert.Equal(HttpStatusCode.NoContent, (await _gateway.Client("admin").DeleteAsync($"/api/connection-points/{Point}/agent-keys/{keyId}")).StatusCode);

        Assert.Equal(3, await agent.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Contains("refuses this agent's key", agent.Log);
    }

    [Fact]
    public async Task Settings_that_cannot_work_stop_the_agent_at_once_saying_what_to_fix()
    {
        await using var agent = AgentProcess.Start("--gateway", "sessionops.local", "--point", "Đoàn Huế", "--key", "abc", "--backlog", Backlog);

        Assert.Equal(2, await agent.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Contains("--gateway must be the Gateway's URL", agent.Log);
        Assert.Contains("--point must be the connection point's id", agent.Log);
        Assert.Contains("--key must be the point's agent key", agent.Log);
        Assert.Contains("--probe is required", agent.Log);
    }

    [Fact]
    public async Task A_status_source_that_answers_garbage_makes_the_point_degraded_and_the_agent_keeps_running()
    {
        await using var agent = StartAgent((await NewKey()).Key, status: "printf 'not json at all'");

        await Eventually.Get(Health, health => health == "degraded", TimeSpan.FromSeconds(20), "the point degraded, sound and picture unknown");
        Assert.Equal("", await Read("audio"));
        Assert.False(agent.HasExited, agent.Log);
        Assert.Contains("Status unknown", agent.Log);
    }

    [Fact]
    public async Task The_fleet_simulator_beside_the_agent_brings_every_point_online_with_an_operators_token_and_stops_when_its_time_is_up()
    {
        await using var fleet = AgentProcess.Start("simulate", "--gateway", $"http://127.0.0.1:{_port}",
            "--token", _gateway.Token("operator"), "--flaky", "0", "--seconds", "6");

        await Eventually.Get(Health, health => health == "online", TimeSpan.FromSeconds(20), "the point online from the simulated fleet");
        Assert.Equal(0, await fleet.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Contains("Simulating 1 connection points (0 flaky)", fleet.Log);
    }

    [Fact]
    public async Task The_fleet_simulator_refuses_an_address_that_is_not_a_gateways_and_exits_non_zero()
    {
        await using var fleet = AgentProcess.Start("simulate", "--gateway", "localhost:5080", "--seconds", "1");

        Assert.Equal(2, await fleet.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Contains("--gateway takes the Gateway's http(s) address", fleet.Log);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _probe.Stop();
        await _gateway.DisposeAsync();
        _directory.Dispose();
    }

    [GeneratedRegex("""^sessionops_heartbeats_received_total\{[^}]*route="batch"[^}]*\}\s+([0-9.eE+]+)""", RegexOptions.Multiline)]
    private static partial Regex BatchCounter();
}
