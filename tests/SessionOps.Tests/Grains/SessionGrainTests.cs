using SessionOps.Catalogs;
using SessionOps.Sessions;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Grains;

public sealed class SessionGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private static readonly Actor Operator = new("Trần Thị B", "operator");

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_new_session_is_scheduled_and_walks_every_phase_to_closed_with_its_history()
    {
        var session = await (await new TestWorld(Grains).Define()).DefineSession();
        Assert.Equal(SessionPhase.Scheduled, (await session.Get())!.Phase);

        SessionPhase[] walk = [SessionPhase.Preparing, SessionPhase.Ready, SessionPhase.Live, SessionPhase.Suspended,
            SessionPhase.Live, SessionPhase.Adjourned, SessionPhase.Closed];
        foreach (var phase in walk)
        {
            // Going live needs readiness go: this walk is about phases, so an admin overrides the gate.
            var result = phase == SessionPhase.Live && (await session.Get())!.Phase == SessionPhase.Ready
                ? await session.ChangePhase(new PhaseRequest(phase, "Kiểm thử các giai đoạn", true, new Actor("Quản trị", "admin")))
                : await session.ChangePhase(new PhaseRequest(phase, null, false, Operator));
            Assert.True(result.IsOk, result.Detail);
        }

        var closed = (await session.Get())!;
        Assert.Equal(SessionPhase.Closed, closed.Phase);
        Assert.Equal(walk.Select(EnumText.Camel), closed.History.Select(h => h.To));
        Assert.Equal("Quản trị", closed.History[2].By);
        Assert.True(closed.History[2].Override);
    }

    [Fact]
    public async Task An_illegal_move_is_a_conflict_and_changes_nothing()
    {
        var session = await (await new TestWorld(Grains).Define()).DefineSession();
        var before = await session.Get();

        var result = await session.ChangePhase(new PhaseRequest(SessionPhase.Live, null, false, Operator));

        Assert.Equal(CommandStatus.Conflict, result.Status);
        Assert.Contains("preparing", result.Detail);
        var after = (await session.Get())!;
        Assert.Equal(SessionPhase.Scheduled, after.Phase);
        Assert.Empty(after.History);
        Assert.Equal(before!.UpdatedAt, after.UpdatedAt);
    }

    [Fact]
    public async Task Postponing_needs_a_reason_and_keeps_it()
    {
        var session = await (await new TestWorld(Grains).Define()).DefineSession();

        var without = await session.ChangePhase(new PhaseRequest(SessionPhase.Postponed, "  ", false, Operator));
        Assert.Equal(CommandStatus.Invalid, without.Status);
        Assert.Contains("reason", without.Errors!.Keys);
        Assert.Equal(SessionPhase.Scheduled, (await session.Get())!.Phase);

        var with = await session.ChangePhase(new PhaseRequest(SessionPhase.Postponed, "Mất điện tại hội trường", false, Operator));
        Assert.True(with.IsOk);
        var postponed = (await session.Get())!;
        Assert.Equal(SessionPhase.Postponed, postponed.Phase);
        Assert.Equal("Mất điện tại hội trường", postponed.PhaseReason);
        Assert.Equal("Mất điện tại hội trường", postponed.History.Single().Reason);
    }

    [Fact]
    public async Task A_cancelled_session_can_neither_move_nor_be_redefined()
    {
        var world = await new TestWorld(Grains).Define();
        var session = await world.DefineSession();
        Assert.True((await session.ChangePhase(new PhaseRequest(SessionPhase.Cancelled, "Thay đổi chương trình", false, Operator))).IsOk);

        Assert.Equal(CommandStatus.Conflict, (await session.ChangePhase(new PhaseRequest(SessionPhase.Scheduled, null, false, Operator))).Status);
        Assert.Equal(CommandStatus.Conflict, (await session.Define(world.SessionSpec("Tiêu đề mới"))).Status);
        Assert.Equal("Phiên họp toàn thể", (await session.Get())!.Title);
        // The same definition again is not a change: a retried PUT still succeeds.
        Assert.True((await session.Define(world.SessionSpec())).IsOk);
    }

    [Fact]
    public async Task Asking_for_the_phase_a_session_already_has_is_a_no_op()
    {
        var session = await (await new TestWorld(Grains).Define()).DefineSession();
        Assert.True((await session.ChangePhase(new PhaseRequest(SessionPhase.Preparing, null, false, Operator))).IsOk);

        Assert.True((await session.ChangePhase(new PhaseRequest(SessionPhase.Preparing, null, false, Operator))).IsOk);

        Assert.Single((await session.Get())!.History);
    }

    [Fact]
    public async Task Repeating_a_put_writes_nothing_new()
    {
        var world = await new TestWorld(Grains).Define();
        var session = await world.DefineSession();
        var first = (await session.Get())!;

        Assert.True((await session.Define(world.SessionSpec())).IsOk);

        var second = (await session.Get())!;
        Assert.Equal(first.UpdatedAt, second.UpdatedAt);
        Assert.Equal(first.ConnectionPointIds, second.ConnectionPointIds);
        Assert.Single((await Grains.GetGrain<ICatalogGrain>(Catalog.Sessions).List()), id => id == world.Session);
    }

    [Fact]
    public async Task A_session_that_names_unknown_venues_points_or_delegates_is_refused_and_not_listed()
    {
        var world = await new TestWorld(Grains).Define();
        var spec = world.SessionSpec() with
        {
            HallVenueId = world.Lodging,
            ConnectionPointIds = [.. world.Points, $"{world.Prefix}-nowhere"],
            DelegateIds = [$"{world.Prefix}-nobody"],
        };

        var result = await Grains.GetGrain<ISessionGrain>(world.Session).Define(spec);

        Assert.Equal(CommandStatus.Invalid, result.Status);
        Assert.Equal(["connectionPointIds", "delegateIds", "hallVenueId"], result.Errors!.Keys.Order());
        Assert.Null(await Grains.GetGrain<ISessionGrain>(world.Session).Get());
        Assert.DoesNotContain(world.Session, await Grains.GetGrain<ICatalogGrain>(Catalog.Sessions).List());
    }

    [Fact]
    public async Task A_session_comes_back_from_storage_after_its_grain_is_deactivated()
    {
        var world = await new TestWorld(Grains).Define();
        var session = await world.DefineSession();
        Assert.True((await session.ChangePhase(new PhaseRequest(SessionPhase.Preparing, null, false, Operator))).IsOk);

        await fixture.Cluster.DeactivateAsync(session);

        var reloaded = await Eventually.Get(() => session.Get(), s => s is not null);
        Assert.Equal(SessionPhase.Preparing, reloaded!.Phase);
        Assert.Equal(world.Points, reloaded.ConnectionPointIds);
    }
}
