using SessionOps.Catalogs;
using SessionOps.Gateway.Auth;
using SessionOps.Readiness;

namespace SessionOps.Gateway.Api;

public sealed record CheckBody(string? TargetType, string? TargetId, string? Item, string? Status, string? Note);

public static class ReadinessEndpoints
{
    public static void MapReadiness(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sessions/{id}/readiness", async (string id, IGrainFactory grains, HttpContext http) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            var readiness = await grains.GetGrain<IReadinessGrain>(id).Get();
            return readiness is null ? CommandResultExtensions.NotFound("session", id) : Results.Ok(readiness.ForReader(http.User));
        }).Produces<SessionReadiness>().ProducesProblem(StatusCodes.Status404NotFound).ForKnown(Catalog.Sessions, "session").RequireAuthorization(Policies.Read);

        api.MapPost("/sessions/{id}/readiness/checks", async (string id, CheckBody body, IGrainFactory grains, HttpContext http) =>
        {
            var check = new Validator();
            check.Id(id, "id");
            var targetType = check.Enum<CheckTarget>(body.TargetType, "targetType");
            var targetId = check.Id(body.TargetId, "targetId");
            var item = check.Text(body.Item, "item", maxLength: 64);
            var status = check.Enum<CheckStatus>(body.Status, "status");
            if (body.Status is not null && status == CheckStatus.Pending)
            {
                check.Add("status", "status is the result of a check: pass, fail or waived.");
            }

            var note = check.OptionalText(body.Note, "note", maxLength: 2000);
            if (status == CheckStatus.Waived && note is null)
            {
                check.Add("note", "A waiver must say why, in the note.");
            }

            if (check.HasErrors)
            {
                return check.Problem();
            }

            var grain = grains.GetGrain<IReadinessGrain>(id);
            if (await grain.Get() is null)
            {
                return CommandResultExtensions.NotFound("session", id);
            }

            var owner = await grain.OwnerOf(targetType, targetId, item);
            if (owner is null)
            {
                check.Add("item", $"Session '{id}' has no item '{item}' for {body.TargetType} '{targetId}'.");
                return check.Problem();
            }

            var allowed = http.User.IsInRole(Roles.Admin) ||
                (owner == CheckOwner.Security ? http.User.IsInRole(Roles.Security) : http.User.IsInRole(Roles.Operator));
            if (!allowed)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.",
                    detail: owner == CheckOwner.Security ? "Security sweeps are recorded by security." : "Technical checks are recorded by operators.");
            }

            if (targetType == CheckTarget.ConnectionPoint && !await http.User.Covers(grains, [targetId]))
            {
                return ProvinceScope.OutOfScope();
            }

            var outcome = await grain.Record(new CheckRequest(targetType, targetId, item, status, note, http.User.ToActor(), http.RequestId()));
            return outcome.Result.IsOk ? Results.Ok(outcome.Readiness!.ForReader(http.User)) : outcome.Result.ToProblem();
        }).Produces<SessionReadiness>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Policies.RecordChecks);
    }
}
