using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SessionOps.Readiness;
using SessionOps.Security;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Api;

/// <summary>
/// A request whose first attempt was carried out but whose answer was lost (a silo that died mid-call: the Gateway
/// answered 503 and kept nothing under its Idempotency-Key) is repeated by its client and carried out again. The
/// histories keep the request each entry came from, so the repeat records nothing twice. The lost answer is played
/// here by calling the grain again as the Gateway's second attempt would, with the request id the first one kept.
/// </summary>
public sealed class RepeatedRequestTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly Actor Officer = new("Trần Văn An", "security");

    private GatewayHost Host => fixture.Host;

    private IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    private static HttpRequestMessage Post(string url, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }

    [Fact]
    public async Task A_sweep_repeated_after_its_answer_was_lost_is_recorded_once_on_the_venue_and_the_checklist_with_one_incident()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var security = Host.Client("security");
        var body = new { status = "issue", note = "Cổng phụ chưa khóa" };
        Assert.Equal(HttpStatusCode.OK, (await security.SendAsync(Post($"/api/venues/{world.Hall}/sweeps", body, Guid.NewGuid().ToString()))).StatusCode);
        var sweeps = Grains.GetGrain<IVenueSweepGrain>(world.Hall);
        var requestId = Assert.Single(await sweeps.History()).RequestId;
        Assert.NotNull(requestId);

        var repeat = await sweeps.Sweep(SecurityCheckStatus.Issue, body.note, Officer, requestId);

        Assert.True(repeat.Result.IsOk);
        Assert.Contains(world.Session, repeat.Sweep!.Sessions);
        Assert.Single(await sweeps.History());
        Assert.Single(await Grains.GetGrain<IReadinessGrain>(world.Session).History(), c => c.Item == ReadinessOptions.SecuritySweep);
        var incidents = (await (await Host.Client("admin").GetAsync($"/api/incidents?sessionId={world.Session}")).Json()).AsArray();
        Assert.Single(incidents, i => (string)i!["kind"]! == "security");
        // The request id is the caller's own and is not shown.
        Assert.DoesNotContain("requestId", (await (await security.GetAsync($"/api/venues/{world.Hall}/sweeps")).Content.ReadAsStringAsync()), StringComparison.OrdinalIgnoreCase);

        // Another key, or none, is another request.
        Assert.Equal(HttpStatusCode.OK, (await security.SendAsync(Post($"/api/venues/{world.Hall}/sweeps", new { status = "clear" }, Guid.NewGuid().ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await security.SendAsync(Post($"/api/venues/{world.Hall}/sweeps", new { status = "clear" }, null))).StatusCode);
        var all = await sweeps.History();
        Assert.Equal(3, all.Length);
        Assert.Equal(2, all.Select(s => s.RequestId).Where(id => id is not null).Distinct().Count());
        Assert.Null(all[^1].RequestId);
    }

    [Fact]
    public async Task A_readiness_check_or_a_route_check_repeated_after_its_answer_was_lost_is_recorded_once()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var @operator = Host.Client("operator");
        var security = Host.Client("security");
        var check = new { targetType = "connectionPoint", targetId = world.Point, item = ReadinessOptions.DryRun, status = "pass" };
        Assert.Equal(HttpStatusCode.OK, (await @operator.SendAsync(Post($"/api/sessions/{world.Session}/readiness/checks", check, Guid.NewGuid().ToString()))).StatusCode);
        var readiness = Grains.GetGrain<IReadinessGrain>(world.Session);
        var checkId = Assert.Single(await readiness.History(), c => c.Item == ReadinessOptions.DryRun).RequestId;
        Assert.NotNull(checkId);

        var repeated = await readiness.Record(new CheckRequest(
            CheckTarget.ConnectionPoint, world.Point, ReadinessOptions.DryRun, CheckStatus.Pass, null, new Actor("Kỹ thuật viên", "operator"), checkId));

        Assert.True(repeated.Result.IsOk);
        Assert.NotNull(repeated.Readiness);
        Assert.Single(await readiness.History(), c => c.Item == ReadinessOptions.DryRun);

        Assert.True((await security.PutAsJsonAsync($"/api/delegates/{world.Delegate}/route",
            new { destinationVenueId = world.Hall, waypoints = new[] { new { name = "Cổng phía Tây" } } })).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await security.SendAsync(Post($"/api/delegates/{world.Delegate}/route/checks", new { status = "clear" }, Guid.NewGuid().ToString()))).StatusCode);
        var route = Grains.GetGrain<IDelegateRouteGrain>(world.Delegate);
        var routeCheckId = Assert.Single((await route.Get())!.Checks).RequestId;
        Assert.NotNull(routeCheckId);

        Assert.True((await route.Check(SecurityCheckStatus.Clear, null, Officer, routeCheckId)).IsOk);

        Assert.Single((await route.Get())!.Checks);
    }

    [Fact]
    public async Task An_attendance_mark_repeated_after_its_answer_was_lost_does_not_overwrite_a_later_mark()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var security = Host.Client("security");
        Assert.Equal(HttpStatusCode.OK, (await security.SendAsync(Post($"/api/sessions/{world.Session}/attendance",
            new { delegateId = world.Delegate, status = "enRoute" }, Guid.NewGuid().ToString()))).StatusCode);
        var attendance = Grains.GetGrain<IAttendanceGrain>(world.Session);
        var first = Assert.Single(await attendance.History());
        Assert.NotNull(first.RequestId);
        // Meanwhile another officer sees the delegate arrive.
        Assert.Equal(HttpStatusCode.OK, (await security.PostAsJsonAsync($"/api/sessions/{world.Session}/attendance",
            new { delegateId = world.Delegate, status = "inHall" })).StatusCode);

        Assert.True((await attendance.Mark(first with { At = DateTimeOffset.UtcNow })).IsOk);

        Assert.Equal(2, (await attendance.History()).Length);
        Assert.Equal(AttendanceStatus.InHall, Assert.Single(await attendance.Current()).Status);
    }
}
