namespace SessionOps;

/// <summary>How a command ended. The Gateway turns each into its HTTP status.</summary>
public enum CommandStatus
{
    Ok,
    Invalid,
    NotFound,
    Conflict,
}

/// <summary>
/// The answer to a command sent to a grain. Rule violations are results, not exceptions,
/// so that nothing crosses the silo boundary as an error that the caller caused.
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionOps.CommandResult")]
public sealed record CommandResult(
    [property: Id(0)] CommandStatus Status,
    [property: Id(1)] string? Detail = null,
    [property: Id(2)] Dictionary<string, string[]>? Errors = null,
    [property: Id(3)] string[]? Blocking = null)
{
    public static CommandResult Ok { get; } = new(CommandStatus.Ok);

    public bool IsOk => Status == CommandStatus.Ok;

    public static CommandResult Invalid(Dictionary<string, string[]> errors) =>
        new(CommandStatus.Invalid, "One or more fields are invalid.", errors);

    public static CommandResult Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static CommandResult NotFound(string detail) => new(CommandStatus.NotFound, detail);

    public static CommandResult Conflict(string detail, string[]? blocking = null) => new(CommandStatus.Conflict, detail, Blocking: blocking);
}

/// <summary>What a define would do: make the resource, change it, or find it as it is.</summary>
public enum DefineOutcome
{
    Created,
    Updated,
    Unchanged,
}

/// <summary>The answer to "what if I defined this?": the outcome, and whether the define would be accepted.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.DefinePreview")]
public sealed record DefinePreview(
    [property: Id(0)] DefineOutcome Outcome,
    [property: Id(1)] CommandResult Result);
