using Microsoft.Extensions.DependencyInjection;
using SessionOps.Journals;
using SessionOps.Readiness;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Readiness;

/// <summary>A sitting's readiness checks: every one in the session's journal; the state keeps each item's latest and the latest few.</summary>
public sealed class ReadinessHistoryTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly Actor Engineer = new("Phạm Minh Khoa", "operator");

    private GatewayHost Host => fixture.Host;

    private IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    private static string ItemOf(SessionReadiness readiness, ApiWorld world) =>
        readiness.Items.First(i => i.TargetType == CheckTarget.ConnectionPoint && i.TargetId == world.Point).Item;

    [Fact]
    public async Task An_item_checked_more_often_than_kept_has_every_check_in_order_and_its_latest_counts()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var readiness = Grains.GetGrain<IReadinessGrain>(world.Session);
        var item = ItemOf((await readiness.Get())!, world);
        var checks = KeptHistory.KeptCount + 12;
        for (var i = 0; i < checks; i++)
        {
            var status = i % 2 == 0 ? CheckStatus.Fail : CheckStatus.Pass;
            Assert.True((await readiness.Record(new CheckRequest(CheckTarget.ConnectionPoint, world.Point, item, status, $"Lần {i}", Engineer, $"check-{i}"))).Result.IsOk);
        }

        var history = await readiness.History();
        Assert.Equal(Enumerable.Range(0, checks).Select(i => $"Lần {i}"), history.Select(c => c.Note));
        var stored = await Host.Stored<ReadinessGrainState>(readiness, "readiness");
        Assert.Equal(KeptHistory.KeptCount, stored.Checks.Count);
        Assert.Equal(history[^1], Assert.Single(stored.Latest, c => c.TargetId == world.Point && c.Item == item));
        Assert.True(stored.ChecksJournaled);

        // After the grain is gone and back, the item shows its latest check, and the timeline lists every check.
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var shown = (await readiness.Get())!.Items.Single(i => i.TargetType == CheckTarget.ConnectionPoint && i.TargetId == world.Point && i.Item == item);
        Assert.Equal($"Lần {checks - 1}", shown.Note);
        var timeline = await (await Host.Client("operator").GetAsync($"/api/sessions/{world.Session}/timeline")).Json();
        Assert.Equal(checks, timeline["entries"]!.AsArray().Count(e => (string)e!["type"]! == "check"));
    }

    [Fact]
    public async Task Checks_kept_before_the_journal_existed_still_say_where_each_item_stands_and_go_to_the_journal_with_the_next()
    {
        // The old state is in storage before the sitting exists: its checklist wakes with it, as after an upgrade. (Stored
        // behind an awake grain, it was overwritten or never read whenever the grain was still busy with the sitting's set-up.)
        var world = new ApiWorld(Host.Client("admin"));
        var readiness = Grains.GetGrain<IReadinessGrain>(world.Session);
        var item = Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReadinessOptions>>().Value.ConnectionPointItems[0].Item;
        var at = DateTimeOffset.UtcNow.AddMinutes(-30);
        await Host.Store(readiness, "readiness", new ReadinessGrainState
        {
            Checks =
            [
                new ReadinessCheck(CheckTarget.ConnectionPoint, world.Point, item, CheckStatus.Fail, Engineer.Name, at, "Cũ 0"),
                new ReadinessCheck(CheckTarget.ConnectionPoint, world.Point, item, CheckStatus.Pass, Engineer.Name, at.AddMinutes(5), "Cũ 1"),
            ],
        });
        await world.Create();

        ReadinessItem Shown(SessionReadiness r) => r.Items.Single(i => i.TargetType == CheckTarget.ConnectionPoint && i.TargetId == world.Point && i.Item == item);
        Assert.Equal("Cũ 1", Shown((await readiness.Get())!).Note);
        Assert.True((await readiness.Record(new CheckRequest(CheckTarget.ConnectionPoint, world.Point, item, CheckStatus.Fail, "Mới", Engineer))).Result.IsOk);

        string[] expected = ["Cũ 0", "Cũ 1", "Mới"];
        Assert.Equal(expected, (await readiness.History()).Select(c => c.Note));
        Assert.True((await Host.Stored<ReadinessGrainState>(readiness, "readiness")).ChecksJournaled);
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(expected, (await readiness.History()).Select(c => c.Note));
        Assert.Equal("Mới", Shown((await readiness.Get())!).Note);
    }
}
