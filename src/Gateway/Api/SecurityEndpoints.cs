using System.Globalization;
using SessionOps.Catalogs;
using SessionOps.ConnectionPoints;
using SessionOps.Gateway.Auth;
using SessionOps.Security;
using SessionOps.Sessions;

namespace SessionOps.Gateway.Api;

public sealed record WaypointBody(string? Name, double? Lat, double? Lon);

public sealed record RouteBody(string? DestinationVenueId, WaypointBody[]? Waypoints);

public sealed record SecurityCheckBody(string? Status, string? Note);

public sealed record BulkRouteCheckBody(string[]? DelegateIds, string? Status, string? Note);

public sealed record BulkRouteCheck(int Checked, RouteSummary[] Routes);

/// <summary>A delegate of a sitting as the consoles list them: who, of which delegation, and their latest mark.</summary>
public sealed record SessionDelegate(string Id, string Name, string Delegation, AttendanceMark? Attendance);

public sealed record AttendanceBody(string? DelegateId, string? Status, string? ConnectionPointId);

public sealed record SessionRoute(string DelegateId, string Name, string Delegation, string? LodgingVenueId, DelegateRoute? Route);

/// <summary>
/// Routes, sweeps, attendance and the audit log. Routes, waypoints and lodging go to admin and security only; every
/// read of a route and every security action is in the audit log, written before the action (an action the domain
/// then refuses leaves an entry of what was tried, never an action without one). No message here repeats a waypoint
/// or an address.
/// </summary>
public static class SecurityEndpoints
{
    public const int MaxWaypoints = 100;

    public static void MapSecurity(this IEndpointRouteBuilder api)
    {
        api.MapPut("/delegates/{id}/route", async (string id, RouteBody body, IGrainFactory grains, AuditTrail audit, HttpContext http) =>
        {
            var check = new Validator();
            check.Id(id, "id");
            var spec = new RouteSpec(check.Id(body.DestinationVenueId, "destinationVenueId"), Waypoints(body.Waypoints, check));
            if (check.HasErrors)
            {
                return check.Problem();
            }

            var grain = grains.GetGrain<IDelegateRouteGrain>(id);
            await audit.Record(http.User, "route.changed", "delegate", id, $"{spec.Waypoints.Length} waypoints");
            var result = await grain.Define(spec, http.User.ToActor());
            if (!result.IsOk)
            {
                return result.ToProblem();
            }

            return Results.Ok(await grain.Get());
        }).Produces<DelegateRoute>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.SecurityWork);

        api.MapGet("/delegates/{id}/route", async (string id, IGrainFactory grains, AuditTrail audit, HttpContext http) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            var grain = grains.GetGrain<IDelegateRouteGrain>(id);
            if (await grain.Get() is not { } route)
            {
                return CommandResultExtensions.NotFound("route for delegate", id);
            }

            await audit.Record(http.User, "route.read", "delegate", id);
            // One route read on its own carries every check; a sitting's list carries the latest of each.
            return Results.Ok(route with { Checks = await grain.History() });
        }).Produces<DelegateRoute>().ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.SecurityWork);

        api.MapPost("/delegates/{id}/route/checks", async (string id, SecurityCheckBody body, IGrainFactory grains, AuditTrail audit, HttpContext http) =>
        {
            var check = new Validator();
            check.Id(id, "id");
            var status = check.Enum<SecurityCheckStatus>(body.Status, "status");
            var note = check.OptionalText(body.Note, "note", maxLength: 2000);
            if (check.HasErrors)
            {
                return check.Problem();
            }

            var grain = grains.GetGrain<IDelegateRouteGrain>(id);
            await audit.Record(http.User, "route.checked", "delegate", id, EnumText.Camel(status));
            var result = await grain.Check(status, note, http.User.ToActor(), http.RequestId());
            if (!result.IsOk)
            {
                return result.ToProblem();
            }

            return Results.Ok(await grain.Get());
        }).Produces<DelegateRoute>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.SecurityWork);

        // The security console's list: every delegate of the session with lodging and route, one audit entry for all.
        api.MapGet("/sessions/{id}/routes", async (string id, IGrainFactory grains, AuditTrail audit, HttpContext http) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            if (await grains.GetGrain<ISessionGrain>(id).Get() is not { } session)
            {
                return CommandResultExtensions.NotFound("session", id);
            }

            var (delegateIds, pageProblem) = Paging.PageOrWhole(http, session.DelegateIds);
            if (pageProblem is not null)
            {
                return pageProblem;
            }

            var rows = await Task.WhenAll(delegateIds.Select(async delegateId =>
            {
                var person = await grains.GetGrain<SessionOps.Delegates.IDelegateGrain>(delegateId).Get();
                var route = await grains.GetGrain<IDelegateRouteGrain>(delegateId).Get();
                return new SessionRoute(delegateId, person?.Name ?? delegateId, person?.Delegation ?? "", person?.LodgingVenueId, route);
            }));
            await audit.Record(http.User, "route.list", "session", id, $"{rows.Count(r => r.Route is not null)} routes");
            return Results.Ok(rows);
        }).Produces<SessionRoute[]>().ProducesProblem(StatusCodes.Status404NotFound).ForKnown(Catalog.Sessions, "session").RequireAuthorization(Policies.SecurityWork);

        // Every route from one lodging (or one shuttle) checked at once, with one note: all of them or none.
        api.MapPost("/sessions/{id}/routes/checks", async (string id, BulkRouteCheckBody body, IGrainFactory grains, AuditTrail audit, HttpContext http) =>
        {
            var check = new Validator();
            check.Id(id, "id");
            var status = check.Enum<SecurityCheckStatus>(body.Status, "status");
            var note = check.OptionalText(body.Note, "note", maxLength: 2000);
            var delegateIds = check.Ids(body.DelegateIds, "delegateIds").Distinct(StringComparer.Ordinal).ToArray();
            if (body.DelegateIds is null or { Length: 0 } || body.DelegateIds.Length > 1000)
            {
                check.Add("delegateIds", "Name between 1 and 1000 delegates.");
            }

            if (check.HasErrors)
            {
                return check.Problem();
            }

            if (await grains.GetGrain<ISessionGrain>(id).Get() is not { } session)
            {
                return CommandResultExtensions.NotFound("session", id);
            }

            var outside = delegateIds.Where(d => !session.DelegateIds.Contains(d)).ToArray();
            var routes = await Task.WhenAll(delegateIds.Select(d => grains.GetGrain<IDelegateRouteGrain>(d).GetSummary()));
            var unrouted = delegateIds.Where((d, i) => routes[i] is null).Except(outside).ToArray();
            if (outside.Length > 0)
            {
                check.Add("delegateIds", $"Not delegates of session '{id}': {string.Join(", ", outside)}.");
            }

            if (unrouted.Length > 0)
            {
                check.Add("delegateIds", $"No route defined for: {string.Join(", ", unrouted)}.");
            }

            if (check.HasErrors)
            {
                return check.Problem();
            }

            await audit.Record(http.User, "route.checked", "session", id, $"{EnumText.Camel(status)}: {delegateIds.Length} routes");
            var actor = http.User.ToActor();
            foreach (var delegateId in delegateIds)
            {
                var result = await grains.GetGrain<IDelegateRouteGrain>(delegateId).Check(status, note, actor, http.RequestId());
                if (!result.IsOk)
                {
                    return result.ToProblem();
                }
            }

            var summaries = await Task.WhenAll(delegateIds.Select(d => grains.GetGrain<IDelegateRouteGrain>(d).GetSummary()));
            return Results.Ok(new BulkRouteCheck(delegateIds.Length, [.. summaries.OfType<RouteSummary>()]));
        }).Produces<BulkRouteCheck>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ForKnown(Catalog.Sessions, "session").RequireAuthorization(Policies.SecurityWork);

        api.MapPost("/venues/{id}/sweeps", async (string id, SecurityCheckBody body, IGrainFactory grains, AuditTrail audit, HttpContext http) =>
        {
            var check = new Validator();
            check.Id(id, "id");
            var status = check.Enum<SecurityCheckStatus>(body.Status, "status");
            var note = check.OptionalText(body.Note, "note", maxLength: 2000);
            if (check.HasErrors)
            {
                return check.Problem();
            }

            await audit.Record(http.User, "venue.swept", "venue", id, EnumText.Camel(status));
            var outcome = await grains.GetGrain<IVenueSweepGrain>(id).Sweep(status, note, http.User.ToActor(), http.RequestId());
            if (!outcome.Result.IsOk)
            {
                return outcome.Result.ToProblem();
            }

            return Results.Ok(outcome.Sweep);
        }).Produces<SecurityCheck>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.SecurityWork);

        api.MapGet("/venues/{id}/sweeps", async (string id, IGrainFactory grains) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            if (await grains.GetGrain<SessionOps.Venues.IVenueGrain>(id).Get() is null)
            {
                return CommandResultExtensions.NotFound("venue", id);
            }

            return Results.Ok(await grains.GetGrain<IVenueSweepGrain>(id).History());
        }).Produces<SecurityCheck[]>().ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.SecurityWork);

        api.MapPost("/sessions/{id}/attendance", async (string id, AttendanceBody body, IGrainFactory grains, AuditTrail audit, HttpContext http, TimeProvider clock) =>
        {
            var check = new Validator();
            check.Id(id, "id");
            var delegateId = check.Id(body.DelegateId, "delegateId");
            var status = check.Enum<AttendanceStatus>(body.Status, "status");
            var pointId = check.OptionalId(body.ConnectionPointId, "connectionPointId");
            if (body.Status is not null && status == AttendanceStatus.Online && pointId is null)
            {
                check.Add("connectionPointId", "A delegate online is marked at a connection point.");
            }

            if (check.HasErrors)
            {
                return check.Problem();
            }

            // Operators see who joins at their points; security sees who arrives, travels, or does not come.
            var user = http.User;
            var allowed = user.IsInRole(Roles.Admin) ||
                (status == AttendanceStatus.Online ? user.IsInRole(Roles.Operator) : user.IsInRole(Roles.Security));
            if (!allowed)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.",
                    detail: status == AttendanceStatus.Online ? "Operators mark delegates online." : "Security marks arrivals and absences.");
            }

            var actor = user.ToActor();
            var grain = grains.GetGrain<IAttendanceGrain>(id);
            await audit.Record(user, "attendance.marked", "delegate", delegateId, $"{id}: {EnumText.Camel(status)}");
            var result = await grain.Mark(new AttendanceMark(delegateId, status, pointId, actor.Name, clock.GetUtcNow(), http.RequestId()));
            if (!result.IsOk)
            {
                return result.ToProblem();
            }

            return Results.Ok(await grain.Current());
        }).Produces<AttendanceMark[]>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.MarkAttendance);

        api.MapGet("/sessions/{id}/attendance", async (string id, IGrainFactory grains) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            if (await grains.GetGrain<ISessionGrain>(id).Get() is null)
            {
                return CommandResultExtensions.NotFound("session", id);
            }

            return Results.Ok(await grains.GetGrain<IAttendanceGrain>(id).Current());
        }).Produces<AttendanceMark[]>().ProducesProblem(StatusCodes.Status404NotFound).ForKnown(Catalog.Sessions, "session").RequireAuthorization(Policies.MarkAttendance);

        // The consoles' roll: each delegate of the sitting with the latest mark; a scoped reader sees its provinces' delegations.
        api.MapGet("/sessions/{id}/delegates", async (string id, IGrainFactory grains, HttpContext http) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            if (await grains.GetGrain<ISessionGrain>(id).Get() is not { } session)
            {
                return CommandResultExtensions.NotFound("session", id);
            }

            // Paged on the session's delegate ids: a province-scoped reader's page may hold fewer than the limit.
            var (delegateIds, pageProblem) = Paging.PageOrWhole(http, session.DelegateIds);
            if (pageProblem is not null)
            {
                return pageProblem;
            }

            var marks = (await grains.GetGrain<IAttendanceGrain>(id).Current()).ToDictionary(m => m.DelegateId, StringComparer.Ordinal);
            var people = await Task.WhenAll(delegateIds.Select(d => grains.GetGrain<SessionOps.Delegates.IDelegateGrain>(d).Get()));
            return Results.Ok(people.OfType<SessionOps.Delegates.DelegateRecord>()
                .Where(d => !http.User.IsScoped() || http.User.Covers(d.Delegation))
                .Select(d => new SessionDelegate(d.Id, d.Name, d.Delegation, marks.GetValueOrDefault(d.Id))));
        }).Produces<SessionDelegate[]>().ProducesProblem(StatusCodes.Status404NotFound).ForKnown(Catalog.Sessions, "session").RequireAuthorization(Policies.MarkAttendance);

        api.MapGet("/audit", async (string? from, string? to, string? by, string? action, string? targetId, IGrainFactory grains, TimeProvider clock) =>
        {
            var check = new Validator();
            var end = to is null ? clock.GetUtcNow() : check.Time(to, "to");
            var start = from is null ? end.AddDays(-1) : check.Time(from, "from");
            if (!check.HasErrors && (end < start || end - start > TimeSpan.FromDays(7)))
            {
                check.Add("from", "from must be before to, at most 7 days apart.");
            }

            if (check.HasErrors)
            {
                return check.Problem();
            }

            var hours = new List<string>();
            for (var hour = new DateTimeOffset(start.UtcDateTime.Date.AddHours(start.UtcDateTime.Hour), TimeSpan.Zero); hour <= end; hour = hour.AddHours(1))
            {
                hours.Add(AuditLog.HourOf(hour));
            }

            var pages = await Task.WhenAll(hours.Select(h => grains.GetGrain<IAuditLogGrain>(h).List()));
            return Results.Ok(pages.SelectMany(p => p)
                .Where(e => e.At >= start && e.At <= end)
                .Where(e => by is null || e.By == by)
                .Where(e => action is null || e.Action == action)
                .Where(e => targetId is null || e.TargetId == targetId)
                .OrderBy(e => e.At));
        }).Produces<AuditEntry[]>().ProducesValidationProblem().RequireAuthorization(Policies.ReadAudit);
    }

    private static Waypoint[] Waypoints(WaypointBody[]? bodies, Validator check)
    {
        if (bodies is not { Length: > 0 and <= MaxWaypoints })
        {
            check.Add("waypoints", $"waypoints is required: 1 to {MaxWaypoints}, in order from lodging to destination.");
            return [];
        }

        return bodies.Select((w, i) =>
        {
            var name = check.Text(w.Name, $"waypoints[{i}].name");
            if (w.Lat is < -90 or > 90)
            {
                check.Add($"waypoints[{i}].lat", "lat must be from -90 to 90.");
            }

            if (w.Lon is < -180 or > 180)
            {
                check.Add($"waypoints[{i}].lon", "lon must be from -180 to 180.");
            }

            return new Waypoint(name, w.Lat, w.Lon);
        }).ToArray();
    }

}
