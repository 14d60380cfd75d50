using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SessionOps.ConnectionPoints;
using SessionOps.Incidents;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Api;

/// <summary>A link that flaps through a sitting piles steps onto its incident: all of them in a journal, only the latest in the grain's state.</summary>
public sealed class IncidentHistoryTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly int Flaps = IncidentHistory.KeptCount + 10;

    private GatewayHost Host => fixture.Host;

    private IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    private static IncidentOpening Opening(ApiWorld world) => new(
        world.Session, IncidentKind.ConnectionPoint, IncidentSeverity.Minor, "connectionPoint", world.Point, "Điểm cầu Huế",
        LinkHealth.Degraded, 1, "Đường truyền kém");

    private static IncidentObservation Flap(int i) => new(
        i % 2 == 0 ? LinkHealth.Offline : LinkHealth.Degraded, IncidentSeverity.Major, 1, $"Lần {i}");

    [Fact]
    public async Task An_incident_that_flaps_more_often_than_kept_lists_every_step_in_order_while_its_state_keeps_the_latest()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var incident = Grains.GetGrain<IIncidentGrain>($"{world.Prefix}-flapping");
        await incident.Open(Opening(world));
        for (var i = 0; i < Flaps; i++)
        {
            await incident.Observe(Flap(i));
        }

        string[] expected = ["Đường truyền kém", .. Enumerable.Range(0, Flaps).Select(i => $"Lần {i}")];
        var whole = (await incident.GetWithHistory())!;
        Assert.Equal(expected, whole.History.Select(e => e.Note));
        Assert.Equal("opened", whole.History[0].Action);
        Assert.Equal(whole.History[^IncidentHistory.KeptCount..], (await incident.Get())!.History);

        var stored = await Host.Stored<IncidentGrainState>(incident, "incident");
        Assert.Equal(IncidentHistory.KeptCount, stored.Incident!.History.Length);
        Assert.Equal(Flaps + 1, stored.Steps);
        Assert.True(stored.HistoryJournaled);

        // After the grain is gone and back: the incident on its own has every step, the sitting's list the latest.
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var operatorClient = Host.Client("operator");
        var shown = await (await operatorClient.GetAsync($"/api/incidents/{incident.GetPrimaryKeyString()}")).Json();
        Assert.Equal(expected, shown["history"]!.AsArray().Select(e => (string)e!["note"]!));
        var listed = (await (await operatorClient.GetAsync($"/api/incidents?sessionId={world.Session}")).Json()).AsArray()
            .Single(i => (string)i!["id"]! == incident.GetPrimaryKeyString())!;
        Assert.Equal(IncidentHistory.KeptCount, listed["history"]!.AsArray().Count);

        // People's steps are journaled like the link's: the acknowledgement answers with every step, itself the last.
        var acknowledged = await (await operatorClient.PostAsJsonAsync($"/api/incidents/{incident.GetPrimaryKeyString()}/acknowledge",
            new { note = "Đang gọi kỹ thuật viên" })).Json();
        var steps = acknowledged["history"]!.AsArray();
        Assert.Equal(Flaps + 2, steps.Count);
        Assert.Equal("acknowledged", (string)steps[^1]!["action"]!);
    }

    [Fact]
    public async Task Steps_kept_before_the_journal_existed_go_to_it_with_the_next_step_and_are_listed_once()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var incident = Grains.GetGrain<IIncidentGrain>($"{world.Prefix}-old");
        var at = DateTimeOffset.UtcNow.AddHours(-2);
        // An incident stored by the previous version, before any activation of this one: every step in the state alone.
        var opened = new Incident(incident.GetPrimaryKeyString(), world.Session, IncidentKind.ConnectionPoint, IncidentSeverity.Minor,
            IncidentState.Open, "connectionPoint", world.Point, "Điểm cầu Huế", LinkHealth.Degraded, 1, "Đường truyền kém", at,
            RecoveredAt: null, AcknowledgedAt: null, AcknowledgedBy: null, ResolvedAt: null, ResolvedBy: null, ResolutionNote: null,
            History: [.. Enumerable.Range(0, 3).Select(i => new IncidentEvent(at.AddMinutes(i), i == 0 ? "opened" : i % 2 == 1 ? "offline" : "degraded", null, $"Cũ {i}"))]);
        await Host.Store(incident, "incident", new IncidentGrainState { Incident = opened with { Health = LinkHealth.Degraded } });

        await incident.Observe(new IncidentObservation(LinkHealth.Online, IncidentSeverity.Minor, 1, "Mới"));

        string[] expected = ["Cũ 0", "Cũ 1", "Cũ 2", "Mới"];
        Assert.Equal(expected, (await incident.GetWithHistory())!.History.Select(e => e.Note));
        var stored = await Host.Stored<IncidentGrainState>(incident, "incident");
        Assert.True(stored.HistoryJournaled);
        Assert.Equal(4, stored.Steps);
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(expected, (await incident.GetWithHistory())!.History.Select(e => e.Note));
    }
}
