namespace SessionOps.Gateway.Api.Imports;

/// <summary>One problem of an imported file: its row (the header is row 1; 0 is the file as a whole), the field, why.</summary>
public sealed record ImportError(int Row, string Field, string Message);

/// <summary>What an import did, or would do on a dry run: how many rows it creates, changes or finds unchanged, and every problem.</summary>
public sealed record ImportReport(bool DryRun, int Created, int Updated, int Unchanged, ImportError[] Errors)
{
    public static ImportReport Refused(bool dryRun, IEnumerable<ImportError> errors) => new(dryRun, 0, 0, 0, [.. errors]);

    /// <summary>200 with the report; a file with any error writes nothing and is 400 problem+json carrying the same report.</summary>
    public IResult ToResult() => Errors.Length == 0
        ? TypedResults.Ok(this)
        : TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "The file has errors; nothing was imported.",
            detail: $"{Errors.Length} error(s). Correct the rows listed and import the file again.",
            extensions: new Dictionary<string, object?>
            {
                ["dryRun"] = DryRun,
                ["created"] = Created,
                ["updated"] = Updated,
                ["unchanged"] = Unchanged,
                ["errors"] = Errors,
            });
}

/// <summary>A row of a file, read into the spec it defines.</summary>
public sealed record ImportRow<TSpec>(int Row, string Id, TSpec Spec);
