using SessionOps.Readiness;
using SessionOps.Reports;
using SessionOps.Sessions;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Reports;

/// <summary>What the grains where things happen append to a sitting's record, on a real cluster with its SQLite journal.</summary>
public sealed class SittingRecordGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task A_check_a_move_of_phase_and_going_live_are_appended_to_the_record_and_a_checks_note_never_is()
    {
        var world = await new TestWorld(fixture.Grains).Define();
        var session = await world.DefineSession();
        var by = new Actor("Lê Văn Kỹ Thuật", "operator");
        var outcome = await fixture.Grains.GetGrain<IReadinessGrain>(world.Session).Record(
            new CheckRequest(CheckTarget.ConnectionPoint, world.Points[0], "networkLink", CheckStatus.Fail, "Ghi chú nội bộ không đưa vào hồ sơ", by));
        Assert.True(outcome.Result.IsOk, outcome.Result.Detail);
        Assert.True((await session.ChangePhase(new PhaseRequest(SessionPhase.Preparing, null, false, by))).IsOk);
        Assert.True((await session.ChangePhase(new PhaseRequest(SessionPhase.Ready, null, false, by))).IsOk);
        Assert.True((await session.ChangePhase(new PhaseRequest(SessionPhase.Live, "Chủ tọa quyết định", true, new Actor("Quản trị", "admin")))).IsOk);

        var events = await fixture.Grains.GetGrain<ISittingRecordGrain>(world.Session).Events();

        var check = Assert.Single(events, e => e.Kind == SittingEventKind.Check);
        Assert.Equal((world.Points[0], "networkLink", "fail", "Lê Văn Kỹ Thuật"), (check.TargetId, check.From, check.To, check.By));
        Assert.Null(check.Reason);
        Assert.DoesNotContain(events, e => e.Reason?.Contains("Ghi chú nội bộ", StringComparison.Ordinal) == true);
        Assert.Contains(events, e => e.Kind == SittingEventKind.Readiness);
        Assert.Equal(["preparing", "ready", "live"], events.Where(e => e.Kind == SittingEventKind.Phase).Select(e => e.To));
        Assert.True(events.Single(e => e.Kind == SittingEventKind.Phase && e.To == "live").Override);
        // Where each point stood as the sitting went live.
        Assert.Equal(world.Points.Order(), events.Where(e => e.Kind == SittingEventKind.Health).Select(e => e.TargetId!).Order());

        var report = await fixture.Grains.GetGrain<ISittingRecordGrain>(world.Session).Report();
        Assert.Equal(ReportStatus.Running, report!.Status);
    }
}
