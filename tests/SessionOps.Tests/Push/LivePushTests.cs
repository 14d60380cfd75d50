using Microsoft.AspNetCore.SignalR.Client;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Push;

/// <summary>A real .NET SignalR client against a real Kestrel: what operators' and leadership's screens receive.</summary>
public sealed class LivePushTests(LiveGatewayFixture fixture) : IClassFixture<LiveGatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    private async Task<ApiWorld> World(params string[] phases) =>
        await (await new ApiWorld(Host.Client("admin")).Create()).MoveTo(Host.Client("operator"), phases);

    [Fact]
    public async Task Subscribe_answers_the_current_board_and_pushes_it_at_once()
    {
        var world = await World("preparing");
        await using var client = await HubClient.Connect(Host, "leadership");

        var board = await client.Subscribe(world.Session);

        Assert.Equal(world.Session, board.Str("sessionId"));
        Assert.Equal("preparing", board.Str("phase"));
        Assert.Equal(1, board.Int("connectionPoints", "total"));
        // The same board is pushed at once (a push from before may arrive too, with a lower version).
        await client.WaitFor("BoardUpdated", b => b.Str("sessionId") == world.Session && b.Long("version") == board.Long("version"));
    }

    [Fact]
    public async Task A_heartbeat_burst_that_degrades_a_point_pushes_the_change_and_a_board_with_the_new_counts()
    {
        var world = await World("preparing");
        var agent = Host.Client("operator");
        await Heartbeats.Send(agent, world.Point, Heartbeats.Good(1));
        await using var client = await HubClient.Connect(Host, "operator");
        await client.Subscribe(world.Session);
        await client.WaitFor("BoardUpdated", b => b.Int("connectionPoints", "online") == 1);

        await Heartbeats.Send(agent, world.Point, Heartbeats.Poor(2), Heartbeats.Poor(3), Heartbeats.Poor(4));

        var change = await client.WaitFor("ConnectionPointChanged", c => c.Str("id") == world.Point && c.Str("health") == "degraded");
        Assert.Equal("online", change.Str("previousHealth"));
        Assert.Equal(450, change.GetProperty("latencyMs").GetDouble());
        var board = await client.WaitFor("BoardUpdated", b => b.Int("connectionPoints", "degraded") == 1);
        Assert.Equal(0, board.Int("connectionPoints", "online"));
        Assert.Equal(1, board.Int("connectionPoints", "affectedDelegates"));
        Assert.Equal(1, board.Int("incidents", "open"));
    }

    [Fact]
    public async Task Boards_never_arrive_older_than_one_already_received()
    {
        var world = await World("preparing");
        var agent = Host.Client("operator");
        await using var client = await HubClient.Connect(Host, "leadership");
        await client.Subscribe(world.Session);

        var seq = 0;
        for (var flap = 0; flap < 4; flap++)
        {
            await Heartbeats.Send(agent, world.Point, Heartbeats.Poor(++seq), Heartbeats.Poor(++seq), Heartbeats.Poor(++seq));
            await Heartbeats.Send(agent, world.Point, Enumerable.Range(0, 5).Select(_ => Heartbeats.Good(++seq)).ToArray());
        }

        await client.WaitFor("BoardUpdated", b => b.Int("connectionPoints", "online") == 1 && b.Int("incidents", "open") == 1);
        var versions = client.All("BoardUpdated").Where(b => b.Str("sessionId") == world.Session).Select(b => b.Long("version")).ToArray();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Distinct(), versions);
    }

    [Fact]
    public async Task A_pushed_incident_carries_its_newest_step_and_the_api_keeps_every_step()
    {
        var world = await World("preparing");
        var agent = Host.Client("operator");
        await using var client = await HubClient.Connect(Host, "operator");
        await client.Subscribe(world.Session);

        // Opened, recovered, worse again: three steps of one incident.
        var seq = 0;
        await Heartbeats.Send(agent, world.Point, Heartbeats.Poor(++seq), Heartbeats.Poor(++seq), Heartbeats.Poor(++seq));
        await Heartbeats.Send(agent, world.Point, Enumerable.Range(0, 5).Select(_ => Heartbeats.Good(++seq)).ToArray());
        await Heartbeats.Send(agent, world.Point, Heartbeats.Poor(++seq), Heartbeats.Poor(++seq), Heartbeats.Poor(++seq));
        var id = (await client.WaitFor("IncidentChanged", i => i.Str("targetId") == world.Point)).Str("id");
        var pushed = await Eventually.Get(
            () => Task.FromResult(client.All("IncidentChanged").Where(i => i.Str("id") == id).ToArray()),
            all => all.Length >= 3, what: "three pushes of the incident");

        Assert.All(pushed, i => Assert.Equal(1, i.GetProperty("history").GetArrayLength()));
        var whole = await (await agent.GetAsync($"/api/incidents/{id}")).Json();
        Assert.True(whole["history"]!.AsArray().Count >= 3, whole.ToJsonString());
    }

    [Fact]
    public async Task A_client_that_disconnects_and_reconnects_gets_the_current_board()
    {
        var world = await World("preparing");
        var agent = Host.Client("operator");
        await Heartbeats.Send(agent, world.Point, Heartbeats.Good(1));
        await using var client = await HubClient.Connect(Host, "leadership");
        await client.Subscribe(world.Session);

        await client.Connection.StopAsync();
        await Heartbeats.Send(agent, world.Point, Heartbeats.Poor(2), Heartbeats.Poor(3), Heartbeats.Poor(4));
        await Eventually.Get(async () => (await (await agent.GetAsync($"/api/sessions/{world.Session}/board")).Json())["connectionPoints"]!["degraded"]!.GetValue<int>(),
            degraded => degraded == 1, what: "the board to fold in the change");
        await client.Connection.StartAsync();

        var board = await client.Subscribe(world.Session);

        Assert.Equal(1, board.Int("connectionPoints", "degraded"));
        Assert.Equal(1, board.Int("incidents", "open"));
    }

    [Fact]
    public async Task Silence_during_a_live_sitting_turns_the_point_offline_and_raises_a_critical_incident_saying_who_is_affected()
    {
        var world = await (await World("preparing", "ready")).OverrideToLive();
        await using var client = await HubClient.Connect(Host, "operator");
        await client.Subscribe(world.Session);

        await Heartbeats.Send(Host.Client("operator"), world.Point, Heartbeats.Good(1));

        var offline = await client.WaitFor("ConnectionPointChanged", c => c.Str("id") == world.Point && c.Str("health") == "offline",
            LiveGatewayFixture.OfflineAfter * 5);
        Assert.Equal(1, offline.Int("delegates"));
        var incident = await client.WaitFor("IncidentChanged", i => i.Str("targetId") == world.Point && i.Str("health") == "offline");
        Assert.Equal("critical", incident.Str("severity"));
        Assert.Equal(1, incident.Int("affectedDelegates"));
        Assert.Contains("1 delegates at Đoàn ĐBQH Huế cannot be heard", incident.Str("summary"));
    }

    [Fact]
    public async Task Subscribing_to_an_unknown_session_is_an_error_and_joins_nothing()
    {
        await using var client = await HubClient.Connect(Host, "leadership");

        var error = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => client.Subscribe("no-such-session"));

        Assert.Contains("no session", error.Message);
    }

    [Fact]
    public async Task The_hub_refuses_a_connection_without_a_token()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Host.BaseAddress, "/hubs/ops"))
            .Build();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }
}
