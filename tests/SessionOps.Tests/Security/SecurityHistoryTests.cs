using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SessionOps.Journals;
using SessionOps.Security;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Security;

/// <summary>
/// Route checks and sweeps pile up over years of sittings, attendance marks over a sitting: all of them in a journal, only
/// the latest (and who is where now) in the grain's state.
/// </summary>
public sealed class SecurityHistoryTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly Actor Officer = new("Trần Văn An", "security");
    private static readonly int Checks = KeptHistory.KeptCount + 12;

    private GatewayHost Host => fixture.Host;

    private IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task A_route_checked_more_often_than_kept_lists_every_check_in_order_while_its_state_keeps_the_latest()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var security = Host.Client("security");
        Assert.True((await security.PutAsJsonAsync($"/api/delegates/{world.Delegate}/route",
            new { destinationVenueId = world.Hall, waypoints = new[] { new { name = "Cổng phía Tây" } } })).IsSuccessStatusCode);
        var route = Grains.GetGrain<IDelegateRouteGrain>(world.Delegate);
        for (var i = 0; i < Checks; i++)
        {
            Assert.True((await route.Check(SecurityCheckStatus.Clear, $"Lượt {i}", Officer, $"request-{i}")).IsOk);
        }

        // A repeat of the latest request (its answer lost) is recognised among the kept checks; it records nothing.
        Assert.True((await route.Check(SecurityCheckStatus.Clear, $"Lượt {Checks - 1}", Officer, $"request-{Checks - 1}")).IsOk);

        var history = await route.History();
        Assert.Equal(Enumerable.Range(0, Checks).Select(i => $"Lượt {i}"), history.Select(c => c.Note));
        var shown = (await route.Get())!;
        Assert.Equal($"Lượt {Checks - 1}", shown.LastCheck!.Note);
        Assert.Equal(history[^KeptHistory.KeptCount..], shown.Checks);

        var stored = await Host.Stored<DelegateRouteState>(route, "route");
        Assert.Equal(KeptHistory.KeptCount, stored.Checks.Count);
        Assert.Equal(history[^1], stored.Checks[^1]);
        Assert.True(stored.ChecksJournaled);

        // What the API shows after the grain is gone and back: the route on its own with every check, read from the
        // journal; the sitting's list with the latest of each.
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var again = await (await security.GetAsync($"/api/delegates/{world.Delegate}/route")).Json();
        Assert.Equal(Checks, again["checks"]!.AsArray().Count);
        var listed = (await (await security.GetAsync($"/api/sessions/{world.Session}/routes")).Json()).AsArray()
            .Single(r => (string)r!["delegateId"]! == world.Delegate)!;
        Assert.Equal(KeptHistory.KeptCount, listed["route"]!["checks"]!.AsArray().Count);
    }

    [Fact]
    public async Task Checks_kept_before_the_journal_existed_go_to_it_with_the_next_check_and_are_listed_once()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        // A delegate of no sitting: no board wakes the route's grain before its old state is in storage.
        var route = Grains.GetGrain<IDelegateRouteGrain>($"{world.Prefix}-d-old");
        var at = DateTimeOffset.UtcNow.AddDays(-30);
        // A route stored by the previous version, before any activation of this one: every check in the state alone.
        await Host.Store(route, "route", new DelegateRouteState
        {
            Spec = new RouteSpec(world.Hall, [new Waypoint("Cổng phía Tây", null, null)]),
            UpdatedAt = at,
            UpdatedBy = "Trần Văn An",
            Checks = [.. Enumerable.Range(0, 3).Select(i => new SecurityCheck(SecurityCheckStatus.Clear, $"Cũ {i}", "Trần Văn An", at.AddDays(i)))],
        });

        Assert.True((await route.Check(SecurityCheckStatus.Issue, "Mới", Officer)).IsOk);

        Assert.Equal(["Cũ 0", "Cũ 1", "Cũ 2", "Mới"], (await route.History()).Select(c => c.Note));
        Assert.True((await Host.Stored<DelegateRouteState>(route, "route")).ChecksJournaled);
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(["Cũ 0", "Cũ 1", "Cũ 2", "Mới"], (await route.History()).Select(c => c.Note));
    }

    [Fact]
    public async Task A_venue_swept_more_often_than_kept_lists_every_sweep_in_order_while_its_state_keeps_the_latest()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var sweeps = Grains.GetGrain<IVenueSweepGrain>(world.Hall);
        for (var i = 0; i < Checks; i++)
        {
            Assert.True((await sweeps.Sweep(SecurityCheckStatus.Clear, $"Lượt {i}", Officer, $"sweep-{i}")).Result.IsOk);
        }

        Assert.Equal(Enumerable.Range(0, Checks).Select(i => $"Lượt {i}"), (await sweeps.History()).Select(c => c.Note));
        var stored = await Host.Stored<VenueSweepState>(sweeps, "sweeps");
        Assert.Equal(KeptHistory.KeptCount, stored.Sweeps.Count);
        Assert.True(stored.SweepsJournaled);
    }

    [Fact]
    public async Task A_delegate_marked_more_often_than_kept_has_every_mark_in_order_and_the_latest_counts()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var attendance = Grains.GetGrain<IAttendanceGrain>(world.Session);
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < Checks; i++)
        {
            var status = i % 2 == 0 ? AttendanceStatus.InHall : AttendanceStatus.EnRoute;
            Assert.True((await attendance.Mark(new AttendanceMark(world.Delegate, status, null, Officer.Name, at.AddSeconds(i), $"mark-{i}"))).IsOk);
        }

        // A repeat of a kept request (its answer lost) records nothing, though the delegate has moved since.
        Assert.True((await attendance.Mark(new AttendanceMark(world.Delegate, AttendanceStatus.InHall, null, Officer.Name, at.AddMinutes(5), $"mark-{Checks - 2}"))).IsOk);

        var history = await attendance.History();
        Assert.Equal(Enumerable.Range(0, Checks).Select(i => $"mark-{i}"), history.Select(m => m.RequestId));
        var latest = Assert.Single(await attendance.Current());
        Assert.Equal(history[^1], latest);

        var stored = await Host.Stored<AttendanceState>(attendance, "attendance");
        Assert.Equal(KeptHistory.KeptCount, stored.Marks.Count);
        Assert.Equal(history[^1], Assert.Single(stored.Latest).Value);
        Assert.True(stored.MarksJournaled);

        // After the grain is gone and back: the API and the board count the latest mark.
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var marks = (await (await Host.Client("security").GetAsync($"/api/sessions/{world.Session}/attendance")).Json()).AsArray();
        Assert.Equal("enRoute", (string)Assert.Single(marks)!["status"]!);
        Assert.Equal(Checks, (await attendance.History()).Length);
    }

    [Fact]
    public async Task Marks_kept_before_the_journal_existed_still_say_who_is_where_and_go_to_the_journal_with_the_next_mark()
    {
        // The old state is in storage before the sitting exists, as after an upgrade: stored behind an awake grain, it
        // was overwritten or never read whenever the grain was still busy with the sitting's set-up.
        var world = new ApiWorld(Host.Client("admin"));
        var attendance = Grains.GetGrain<IAttendanceGrain>(world.Session);
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        await Host.Store(attendance, "attendance", new AttendanceState
        {
            Marks =
            [
                new AttendanceMark(world.Delegate, AttendanceStatus.EnRoute, null, Officer.Name, at),
                new AttendanceMark(world.Delegate, AttendanceStatus.InHall, null, Officer.Name, at.AddMinutes(10)),
            ],
        });
        await world.Create();

        Assert.Equal(AttendanceStatus.InHall, Assert.Single(await attendance.Current()).Status);
        Assert.True((await attendance.Mark(new AttendanceMark(world.Delegate, AttendanceStatus.Excused, null, Officer.Name, at.AddMinutes(20)))).IsOk);

        AttendanceStatus[] expected = [AttendanceStatus.EnRoute, AttendanceStatus.InHall, AttendanceStatus.Excused];
        Assert.Equal(expected, (await attendance.History()).Select(m => m.Status));
        Assert.True((await Host.Stored<AttendanceState>(attendance, "attendance")).MarksJournaled);
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(expected, (await attendance.History()).Select(m => m.Status));
        Assert.Equal(AttendanceStatus.Excused, Assert.Single(await attendance.Current()).Status);
    }

    [Fact]
    public async Task An_hour_of_audit_goes_to_its_journal_after_the_entries_its_state_kept_before_and_is_listed_in_order()
    {
        // An hour of its own, long past: no request of another test writes to it.
        var hour = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(Random.Shared.Next(0, 24 * 365));
        var log = Grains.GetGrain<IAuditLogGrain>(AuditLog.HourOf(hour));
        AuditEntry Entry(int minute) => new(hour.AddMinutes(minute), Officer.Name, Officer.Role, "route.read", "delegate", $"d-{minute}", null);
        await Host.Store(log, "audit", new AuditLogState { Entries = [Entry(1), Entry(2)] });

        foreach (var minute in new[] { 3, 4, 5 })
        {
            await log.Append(Entry(minute));
        }

        string[] expected = ["d-1", "d-2", "d-3", "d-4", "d-5"];
        Assert.Equal(expected, (await log.List()).Select(e => e.TargetId));
        // The state is not rewritten with each entry: it still holds the two it had.
        Assert.Equal(2, (await Host.Stored<AuditLogState>(log, "audit")).Entries.Count);
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var listed = (await (await Host.Client("admin").GetAsync(
            $"/api/audit?from={Uri.EscapeDataString(hour.ToString("O"))}&to={Uri.EscapeDataString(hour.AddMinutes(59).ToString("O"))}")).Json()).AsArray();
        Assert.Equal(expected, listed.Select(e => (string)e!["targetId"]!));
    }
}
