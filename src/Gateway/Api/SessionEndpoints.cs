using SessionOps.Catalogs;
using SessionOps.Gateway.Auth;
using SessionOps.Sessions;

namespace SessionOps.Gateway.Api;

public sealed record SessionBody(
    string? Title,
    string? Kind,
    string? Format,
    string? HallVenueId,
    string? ScheduledStart,
    string? ScheduledEnd,
    string[]? ConnectionPointIds,
    string[]? DelegateIds,
    int? Quorum,
    string[]? VenueIds);

public sealed record PhaseBody(string? Phase, string? Reason, bool? Override);

public static class SessionEndpoints
{
    public static void MapSessions(this IEndpointRouteBuilder api)
    {
        var sessions = api.MapGroup("/sessions");

        sessions.MapPut("/{id}", async (string id, SessionBody body, IGrainFactory grains) =>
        {
            var check = new Validator();
            check.Id(id, "id");
            var spec = Validate(body, check);
            if (check.HasErrors)
            {
                return check.Problem();
            }

            var grain = grains.GetGrain<ISessionGrain>(id);
            var result = await grain.Define(spec);
            return result.IsOk ? Results.Ok(await grain.Get()) : result.ToProblem();
        }).RequireAuthorization(Policies.SetUp);

        sessions.MapGet("/{id}", async (string id, IGrainFactory grains) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            var session = await grains.GetGrain<ISessionGrain>(id).Get();
            return session is null ? CommandResultExtensions.NotFound("session", id) : Results.Ok(session);
        }).ForKnown(Catalog.Sessions, "session").RequireAuthorization(Policies.Read);

        sessions.MapGet("/", async (IGrainFactory grains) =>
        {
            var ids = await grains.GetGrain<ICatalogGrain>(Catalog.Sessions).List();
            var all = await Task.WhenAll(ids.Select(id => grains.GetGrain<ISessionGrain>(id).Get()));
            return Results.Ok(all.OfType<Session>().OrderBy(s => s.ScheduledStart).ThenBy(s => s.Id, StringComparer.Ordinal));
        }).RequireAuthorization(Policies.Read);

        sessions.MapPost("/{id}/phase", async (string id, PhaseBody body, IGrainFactory grains, HttpContext http) =>
        {
            var check = new Validator();
            check.Id(id, "id");
            var phase = check.Enum<SessionPhase>(body.Phase, "phase");
            var reason = check.OptionalText(body.Reason, "reason", maxLength: 1000);
            var isOverride = body.Override ?? false;
            if (isOverride && reason is null)
            {
                check.Add("reason", "An override must say why.");
            }

            if (check.HasErrors)
            {
                return check.Problem();
            }

            if (isOverride && !http.User.IsInRole(Roles.Admin))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.", detail: "Only an admin may override the readiness gate.");
            }

            var grain = grains.GetGrain<ISessionGrain>(id);
            var result = await grain.ChangePhase(new PhaseRequest(phase, reason, isOverride, http.User.ToActor()));
            return result.IsOk ? Results.Ok(await grain.Get()) : result.ToProblem();
        }).RequireAuthorization(Policies.ChangePhase);
    }

    private static SessionSpec Validate(SessionBody body, Validator check)
    {
        var format = check.Enum<SessionFormat>(body.Format, "format");
        var start = check.Time(body.ScheduledStart, "scheduledStart");
        var end = check.Time(body.ScheduledEnd, "scheduledEnd");
        if (body.ScheduledStart is not null && body.ScheduledEnd is not null && end <= start)
        {
            check.Add("scheduledEnd", "scheduledEnd must be after scheduledStart.");
        }

        var points = check.Ids(body.ConnectionPointIds, "connectionPointIds");
        if (format == SessionFormat.InPerson && points.Length > 0)
        {
            check.Add("connectionPointIds", "An inPerson session has no connection points; use hybrid or online.");
        }

        var delegates = check.Ids(body.DelegateIds, "delegateIds");
        if (body.Quorum is { } quorum && (quorum < 1 || (delegates.Length > 0 && quorum > delegates.Length)))
        {
            check.Add("quorum", $"quorum must be between 1 and the number of delegates ({delegates.Length}).");
        }

        return new SessionSpec(
            check.Text(body.Title, "title", maxLength: 300),
            check.Enum<SessionKind>(body.Kind, "kind"),
            format,
            check.Id(body.HallVenueId, "hallVenueId"),
            start,
            end,
            points,
            delegates,
            body.Quorum,
            body.VenueIds is null ? null : check.Ids(body.VenueIds, "venueIds"));
    }
}
