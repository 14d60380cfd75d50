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
    string[]? VenueIds,
    PlenaryBody? PlenarySession = null);

/// <summary>The kỳ họp a sitting belongs to (its number) and its đợt (round), when it is split in rounds.</summary>
public sealed record PlenaryBody(int? Number, int? Round);

public sealed record PhaseBody(string? Phase, string? Reason, bool? Override);

public sealed record RescheduleBody(string? ScheduledStart, string? ScheduledEnd, string? Reason);

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
        }).Produces<Session>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.SetUp);

        sessions.MapGet("/{id}", async (string id, IGrainFactory grains) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            var session = await grains.GetGrain<ISessionGrain>(id).Get();
            return session is null ? CommandResultExtensions.NotFound("session", id) : Results.Ok(session);
        }).Produces<Session>().ProducesProblem(StatusCodes.Status404NotFound).ForKnown(Catalog.Sessions, "session").RequireAuthorization(Policies.Read);

        // The sittings that overlap the Hà Nội days from..to (both included); the current day without them.
        sessions.MapGet("/", async (string? from, string? to, IGrainFactory grains, TimeProvider clock) =>
        {
            var check = new Validator();
            var today = ParliamentTime.Today(clock);
            var first = from is null ? (to is null ? today : check.Day(to, "to")) : check.Day(from, "from");
            var last = to is null ? first : check.Day(to, "to");
            if (!check.HasErrors && last < first)
            {
                check.Add("to", "to must be on or after from.");
            }
            else if (!check.HasErrors && last.DayNumber - first.DayNumber > MaxDaysListed)
            {
                check.Add("to", $"At most {MaxDaysListed + 1} days at once.");
            }

            if (check.HasErrors)
            {
                return check.Problem();
            }

            return Results.Ok(await SittingDays.Read(grains, first, last));
        }).Produces<Session[]>().ProducesValidationProblem().RequireAuthorization(Policies.Read);

        sessions.MapPost("/{id}/reschedule", async (string id, RescheduleBody body, IGrainFactory grains, HttpContext http) =>
        {
            var check = new Validator();
            check.Id(id, "id");
            var start = check.Time(body.ScheduledStart, "scheduledStart");
            var end = check.Time(body.ScheduledEnd, "scheduledEnd");
            CheckWindow(body.ScheduledStart, body.ScheduledEnd, start, end, check);
            var reason = check.Text(body.Reason, "reason", maxLength: 1000);
            if (check.HasErrors)
            {
                return check.Problem();
            }

            var grain = grains.GetGrain<ISessionGrain>(id);
            var result = await grain.Reschedule(new RescheduleRequest(start, end, reason, http.User.ToActor()));
            return result.IsOk ? Results.Ok(await grain.Get()) : result.ToProblem();
        }).Produces<Session>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ForKnown(Catalog.Sessions, "session").RequireAuthorization(Policies.ChangePhase);

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
        }).Produces<Session>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.ChangePhase);
    }

    /// <summary>How many days one list may span: a month and a little more, for the calendar.</summary>
    private const int MaxDaysListed = 42;

    /// <summary>A sitting spans at most this many days; a kỳ họp of weeks is many sittings (its đợt and days), not one.</summary>
    private const int MaxSittingDays = 14;

    private static void CheckWindow(string? startText, string? endText, DateTimeOffset start, DateTimeOffset end, Validator check)
    {
        if (startText is null || endText is null || check.Has("scheduledStart") || check.Has("scheduledEnd"))
        {
            return;
        }

        if (end <= start)
        {
            check.Add("scheduledEnd", "scheduledEnd must be after scheduledStart.");
        }
        else if (end - start > TimeSpan.FromDays(MaxSittingDays))
        {
            check.Add("scheduledEnd", $"A sitting lasts at most {MaxSittingDays} days.");
        }
    }

    internal static SessionSpec Validate(SessionBody body, Validator check)
    {
        var format = check.Enum<SessionFormat>(body.Format, "format");
        var start = check.Time(body.ScheduledStart, "scheduledStart");
        var end = check.Time(body.ScheduledEnd, "scheduledEnd");
        CheckWindow(body.ScheduledStart, body.ScheduledEnd, start, end, check);

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
            body.VenueIds is null ? null : check.Ids(body.VenueIds, "venueIds"),
            Plenary(body.PlenarySession, check));
    }

    private static PlenaryRef? Plenary(PlenaryBody? body, Validator check)
    {
        if (body is null)
        {
            return null;
        }

        if (body.Number is not (>= 1 and <= 99))
        {
            check.Add("plenarySession.number", "The kỳ họp's number is required, from 1 to 99.");
        }

        if (body.Round is { } round && round is < 1 or > 9)
        {
            check.Add("plenarySession.round", "A round (đợt) is numbered from 1 to 9.");
        }

        return new PlenaryRef(body.Number ?? 0, body.Round);
    }
}
