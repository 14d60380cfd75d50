using SessionOps.Catalogs;
using SessionOps.Gateway.Auth;
using SessionOps.Incidents;

namespace SessionOps.Gateway.Api;

public sealed record IncidentNoteBody(string? Note);

public static class IncidentEndpoints
{
    public static void MapIncidents(this IEndpointRouteBuilder api)
    {
        var incidents = api.MapGroup("/incidents");

        incidents.MapGet("/", async (string? sessionId, string? state, IGrainFactory grains, HttpContext http) =>
        {
            var check = new Validator();
            var catalog = sessionId is null ? Catalog.Incidents : Catalog.IncidentsOf(check.Id(sessionId, "sessionId"));
            IncidentState? wanted = state is null ? null : check.Enum<IncidentState>(state, "state");
            if (check.HasErrors)
            {
                return check.Problem();
            }

            // Paged on the ids before any incident is read: every incident ever opened is a long list to read whole.
            var (ids, problem) = Paging.Page(http, await grains.GetGrain<ICatalogGrain>(catalog).List());
            if (problem is not null)
            {
                return problem;
            }

            var all = await Task.WhenAll(ids.Select(id => grains.GetGrain<IIncidentGrain>(id).Get()));
            var shown = all.OfType<Incident>().Where(i => wanted is null || i.State == wanted).ToArray();
            if (http.User.IsScoped())
            {
                // A scoped reader sees the incidents of their provinces' points, and those that concern no point.
                var covered = await Task.WhenAll(shown.Select(i =>
                    i.TargetType == "connectionPoint" ? http.User.Covers(grains, [i.TargetId]) : Task.FromResult(true)));
                shown = shown.Where((_, index) => covered[index]).ToArray();
            }

            return Results.Ok(shown.OrderByDescending(i => i.OpenedAt).Select(i => i.ForReader(http.User)));
        }).Produces<Incident[]>().ProducesValidationProblem().RequireAuthorization(Policies.Read);

        incidents.MapGet("/{id}", async (string id, IGrainFactory grains, HttpContext http) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            var incident = await grains.GetGrain<IIncidentGrain>(id).GetWithHistory();
            return incident is null ? CommandResultExtensions.NotFound("incident", id) : Results.Ok(incident.ForReader(http.User));
        }).Produces<Incident>().ProducesProblem(StatusCodes.Status404NotFound).ForKnown(Catalog.Incidents, "incident").RequireAuthorization(Policies.Read);

        incidents.MapPost("/{id}/acknowledge", (string id, IncidentNoteBody? body, IGrainFactory grains, HttpContext http) =>
            Handle(id, body, grains, http, (grain, actor, note) => grain.Acknowledge(actor, note))).Produces<Incident>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Policies.HandleIncidents);

        incidents.MapPost("/{id}/resolve", (string id, IncidentNoteBody? body, IGrainFactory grains, HttpContext http) =>
            Handle(id, body, grains, http, (grain, actor, note) => grain.Resolve(actor, note))).Produces<Incident>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Policies.HandleIncidents);
    }

    private static async Task<IResult> Handle(
        string id, IncidentNoteBody? body, IGrainFactory grains, HttpContext http,
        Func<IIncidentGrain, Actor, string?, Task<CommandResult>> action)
    {
        var check = new Validator();
        check.Id(id, "id");
        var note = check.OptionalText(body?.Note, "note", maxLength: 2000);
        if (check.HasErrors)
        {
            return check.Problem();
        }

        var grain = grains.GetGrain<IIncidentGrain>(id);
        if (await grain.Get() is not { } incident)
        {
            return CommandResultExtensions.NotFound("incident", id);
        }

        // Technical incidents are the operators', security incidents security's; admins handle both.
        var allowed = http.User.IsInRole(Roles.Admin) ||
            (incident.IsSecurity ? http.User.IsInRole(Roles.Security) : http.User.IsInRole(Roles.Operator));
        if (!allowed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.",
                detail: incident.IsSecurity ? "Security incidents are handled by security." : "Technical incidents are handled by operators.");
        }

        if (incident.TargetType == "connectionPoint" && !await http.User.Covers(grains, [incident.TargetId]))
        {
            return ProvinceScope.OutOfScope();
        }

        var result = await action(grain, http.User.ToActor(), note);
        return result.IsOk ? Results.Ok((await grain.GetWithHistory())!.ForReader(http.User)) : result.ToProblem();
    }
}
