using SessionOps.Boards;
using SessionOps.ConnectionPoints;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Boards;

/// <summary>The board folds notes in their order of happening, and its versions only grow, across activations too.</summary>
public sealed class SessionBoardGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private IGrainFactory Grains => fixture.Cluster.Client;

    private static ConnectionPoint Point(string id, LinkHealth health, DateTimeOffset since) =>
        new(id, "Đoàn ĐBQH Hà Nội", "Hà Nội", ConnectionPointKind.ProvincialDelegation, health, since, since, since);

    [Fact]
    public async Task A_note_that_overtook_a_newer_one_is_dropped()
    {
        var world = await new TestWorld(Grains).Define();
        await world.DefineSession();
        var board = Grains.GetGrain<ISessionBoardGrain>(world.Session);
        Assert.NotNull(await board.Get());
        var now = DateTimeOffset.UtcNow;

        await board.PointChanged(Point(world.Points[0], LinkHealth.Offline, now), LinkHealth.Online);
        await board.PointChanged(Point(world.Points[0], LinkHealth.Degraded, now.AddSeconds(-5)), LinkHealth.Online);

        var shown = await Eventually.Get(() => board.Get(), b => b!.ConnectionPoints.Items.Any(i => i.Id == world.Points[0] && i.Health != LinkHealth.Unknown));
        Assert.Equal(LinkHealth.Offline, shown!.ConnectionPoints.Items.Single(i => i.Id == world.Points[0]).Health);
        Assert.Equal(1, shown.ConnectionPoints.Offline);
        Assert.Equal(0, shown.ConnectionPoints.Degraded);
    }

    [Fact]
    public async Task An_attendance_note_that_overtook_a_newer_one_for_the_delegate_is_dropped()
    {
        var world = await new TestWorld(Grains).Define();
        await world.DefineSession();
        var board = Grains.GetGrain<ISessionBoardGrain>(world.Session);
        Assert.NotNull(await board.Get());
        var now = DateTimeOffset.UtcNow;

        // A mark tells the board only itself: the newest per delegate counts, whatever order the notes arrive in.
        await board.AttendanceChanged(new SessionOps.Security.AttendanceMark(world.Delegates[0], SessionOps.Security.AttendanceStatus.InHall, null, "An", now));
        await board.AttendanceChanged(new SessionOps.Security.AttendanceMark(world.Delegates[0], SessionOps.Security.AttendanceStatus.Absent, null, "An", now.AddSeconds(-5)));
        await board.AttendanceChanged(new SessionOps.Security.AttendanceMark(world.Delegates[1], SessionOps.Security.AttendanceStatus.Excused, null, "An", now));

        var shown = await Eventually.Get(() => board.Get(), b => b!.Attendance.Excused == 1);
        Assert.Equal(1, shown!.Attendance.InHall);
        Assert.Equal(0, shown.Attendance.Absent);
    }

    [Theory]
    [InlineData(SessionOps.Sessions.SessionPhase.Preparing, false)]
    [InlineData(SessionOps.Sessions.SessionPhase.Live, true)]
    public async Task A_sitting_whose_day_has_passed_hears_its_points_only_while_it_still_sits(SessionOps.Sessions.SessionPhase phase, bool hears)
    {
        var world = await new TestWorld(Grains).Define();
        var session = Grains.GetGrain<SessionOps.Sessions.ISessionGrain>(world.Session);
        var yesterday = world.SessionSpec() with { ScheduledStart = TestWorld.Start.AddDays(-1), ScheduledEnd = TestWorld.Start.AddDays(-1).AddHours(3) };
        Assert.True((await session.Define(yesterday)).IsOk);
        var actor = new Actor("Kỹ thuật viên", "operator");
        foreach (var step in phase == SessionOps.Sessions.SessionPhase.Live
            ? new[] { SessionOps.Sessions.SessionPhase.Preparing, SessionOps.Sessions.SessionPhase.Ready, SessionOps.Sessions.SessionPhase.Live }
            : [SessionOps.Sessions.SessionPhase.Preparing])
        {
            var moved = await session.ChangePhase(new SessionOps.Sessions.PhaseRequest(step, "Kiểm thử", step == SessionOps.Sessions.SessionPhase.Live, actor));
            Assert.True(moved.IsOk, moved.Detail);
        }

        var board = Grains.GetGrain<ISessionBoardGrain>(world.Session);
        await Eventually.Get(() => board.Get(), b => b!.Phase == phase);
        await board.PointChanged(Point(world.Points[0], LinkHealth.Offline, DateTimeOffset.UtcNow), LinkHealth.Unknown);

        // The read is queued behind the one-way note (one caller, one activation that takes a message at a time), so it
        // sees what the note did; a sitting that still sits is waited for in case the note arrived after all.
        var shown = hears
            ? await Eventually.Get(() => board.Get(), b => b!.ConnectionPoints.Offline == 1)
            : await board.Get();
        Assert.Equal(hears ? LinkHealth.Offline : LinkHealth.Unknown, shown!.ConnectionPoints.Items.Single(i => i.Id == world.Points[0]).Health);
    }

    [Fact]
    public async Task Versions_grow_across_activations()
    {
        var world = await new TestWorld(Grains).Define();
        await world.DefineSession();
        var board = Grains.GetGrain<ISessionBoardGrain>(world.Session);
        var first = (await board.Get())!.Version;
        await board.PointChanged(Point(world.Points[1], LinkHealth.Online, DateTimeOffset.UtcNow), LinkHealth.Unknown);
        var changed = (await Eventually.Get(() => board.Get(), b => b!.Version > first))!.Version;

        await fixture.Cluster.DeactivateAsync(board);
        var rebuilt = (await Eventually.Get(() => board.Get(), b => b is not null))!.Version;

        Assert.True(changed > first);
        Assert.True(rebuilt > changed, $"a rebuilt board's version {rebuilt} is above {changed}");
    }

    [Fact]
    public async Task A_board_woken_again_counts_its_delegates_by_delegation_and_their_cleared_routes_from_the_directory()
    {
        var world = await new TestWorld(Grains).Define();
        await ClearRoute(world, world.Delegates[0]);
        await world.DefineSession();
        var board = Grains.GetGrain<ISessionBoardGrain>(world.Session);
        Assert.NotNull(await board.Get());

        // Board, directory, delegates and routes all gone: the directory reads them again when the board asks.
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var shown = (await board.Get())!;
        Assert.Equal(3, shown.ConnectionPoints.Items.Single(i => i.Id == world.Points[0]).Delegates);
        Assert.Equal(0, shown.ConnectionPoints.Items.Single(i => i.Id == world.Points[1]).Delegates);
        Assert.Equal((1, 1), (shown.Security.RoutesCleared, shown.Security.RoutesTotal));
    }

    [Fact]
    public async Task A_board_loading_delegates_sees_their_changes_since_the_directory_woke()
    {
        var world = await new TestWorld(Grains).Define();
        var session = Grains.GetGrain<SessionOps.Sessions.ISessionGrain>(world.Session);
        Assert.True((await session.Define(world.SessionSpec() with { DelegateIds = world.Delegates[..2] })).IsOk);
        var board = Grains.GetGrain<ISessionBoardGrain>(world.Session);
        Assert.Equal(2, (await board.Get())!.ConnectionPoints.Items.Single(i => i.Id == world.Points[0]).Delegates);

        // The directory is awake (the board loaded from it): a delegate moved to another delegation and a route cleared
        // reach it as notes. The board hears of neither for a delegate not yet in its sitting.
        Assert.True((await Grains.GetGrain<SessionOps.Delegates.IDelegateGrain>(world.Delegates[2]).Define(new("Đại biểu chuyển đoàn", "Đà Nẵng", world.Lodging))).IsOk);
        await ClearRoute(world, world.Delegates[2]);
        Assert.True((await session.Define(world.SessionSpec())).IsOk);

        var shown = await Eventually.Get(() => board.Get(), b => b!.Attendance.Expected == 3);
        Assert.Equal(2, shown!.ConnectionPoints.Items.Single(i => i.Id == world.Points[0]).Delegates);
        Assert.Equal(1, shown.ConnectionPoints.Items.Single(i => i.Id == world.Points[1]).Delegates);
        Assert.Equal((1, 1), (shown.Security.RoutesCleared, shown.Security.RoutesTotal));
    }

    private async Task ClearRoute(TestWorld world, string delegateId)
    {
        var route = Grains.GetGrain<SessionOps.Security.IDelegateRouteGrain>(delegateId);
        var by = new Actor("Cán bộ an ninh", "security");
        Assert.True((await route.Define(new SessionOps.Security.RouteSpec(world.Hall, [new SessionOps.Security.Waypoint("Cổng phía Tây", null, null)]), by)).IsOk);
        Assert.True((await route.Check(SessionOps.Security.SecurityCheckStatus.Clear, null, by)).IsOk);
    }
}
