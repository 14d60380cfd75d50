namespace SessionOps.Gateway.Api;

public static class CommandResultExtensions
{
    /// <summary>A grain's refusal as the contract's problem details: 400 with errors, 404 or 409.</summary>
    public static IResult ToProblem(this CommandResult result) => result.Status switch
    {
        CommandStatus.Invalid => TypedResults.ValidationProblem(
            result.Errors ?? new Dictionary<string, string[]>(), detail: result.Detail, title: "The request is not valid."),
        CommandStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: result.Detail),
        CommandStatus.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not allowed now.", detail: result.Detail,
            extensions: result.Blocking is { } blocking ? new Dictionary<string, object?> { ["blocking"] = blocking } : null),
        _ => throw new InvalidOperationException($"{result.Status} is not a problem."),
    };

    public static IResult NotFound(string kind, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"There is no {kind} '{id}'.");

    /// <summary>The id in the URL, checked before any grain is woken for it.</summary>
    public static IResult? InvalidRouteId(string id)
    {
        if (ResourceId.IsValid(id))
        {
            return null;
        }

        var check = new Validator();
        check.Id(id, "id");
        return check.Problem();
    }
}
