using Microsoft.Net.Http.Headers;
using SessionOps.Delegates;
using SessionOps.Gateway.Auth;
using SessionOps.Sessions;

namespace SessionOps.Gateway.Api.Imports;

public static class ImportEndpoints
{
    /// <summary>
    /// <c>POST /api/sessions/import</c> (CSV or iCalendar) and <c>POST /api/delegates/import</c> (CSV), with <c>?dryRun=true</c>
    /// to see the report without writing. Safe to repeat: the same file again changes nothing.
    /// </summary>
    public static void MapImports(this IEndpointRouteBuilder api)
    {
        api.MapPost("/sessions/import", async (bool? dryRun, HttpContext http, IGrainFactory grains, AuditTrail audit) =>
        {
            var kind = KindOf(http.Request);
            if (kind is null)
            {
                return Unsupported("text/csv or text/calendar");
            }

            var (text, error) = await ImportFile.Read(http.Request, http.RequestAborted);
            if (text is null)
            {
                return ImportReport.Refused(dryRun ?? false, [error!]).ToResult();
            }

            var (rows, errors) = kind == FileKind.Calendar
                ? await SessionImport.FromICalendar(text, grains)
                : await SessionImport.FromCsv(text, grains);
            return await Run(rows, errors, dryRun ?? false,
                row => grains.GetGrain<ISessionGrain>(row.Id).Preview(row.Spec),
                row => grains.GetGrain<ISessionGrain>(row.Id).Define(row.Spec),
                kind == FileKind.Calendar ? SessionImport.ICalendarField : null,
                report => audit.Record(http.User, "import", "sessions", "*", $"{report.Created} created, {report.Updated} updated, {report.Unchanged} unchanged"));
        }).Produces<ImportReport>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).RequireAuthorization(Policies.SetUp).WithMetadata(new SafeToRepeat()).DisableAntiforgery();

        api.MapPost("/delegates/import", async (bool? dryRun, HttpContext http, IGrainFactory grains, AuditTrail audit) =>
        {
            if (KindOf(http.Request) != FileKind.Csv)
            {
                return Unsupported("text/csv");
            }

            var (text, error) = await ImportFile.Read(http.Request, http.RequestAborted);
            if (text is null)
            {
                return ImportReport.Refused(dryRun ?? false, [error!]).ToResult();
            }

            var (rows, errors) = await DelegateImport.FromCsv(text, grains);
            return await Run(rows, errors, dryRun ?? false,
                row => grains.GetGrain<IDelegateGrain>(row.Id).Preview(row.Spec),
                row => grains.GetGrain<IDelegateGrain>(row.Id).Define(row.Spec),
                fieldName: null,
                report => audit.Record(http.User, "import", "delegates", "*", $"{report.Created} created, {report.Updated} updated, {report.Unchanged} unchanged"));
        }).Produces<ImportReport>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).RequireAuthorization(Policies.SetUp).WithMetadata(new SafeToRepeat()).DisableAntiforgery();
    }

    private enum FileKind
    {
        Csv,
        Calendar,
    }

    private static async Task<IResult> Run<TSpec>(List<ImportRow<TSpec>> rows, List<ImportError> errors, bool dryRun,
        Func<ImportRow<TSpec>, Task<DefinePreview>> preview, Func<ImportRow<TSpec>, Task<CommandResult>> define,
        Func<string, string>? fieldName, Func<ImportReport, Task> audit)
    {
        try
        {
            var report = await Importer.Run(rows, errors, dryRun, preview, define, fieldName);
            if (report is { DryRun: false, Errors.Length: 0 })
            {
                await audit(report);
            }

            return report.ToResult();
        }
        catch (ImportInterruptedException interrupted)
        {
            // Not "nothing was imported": part of it was, and the answer says how much and how to finish.
            return TypedResults.Problem(
                statusCode: interrupted.Errors.Length > 0 ? StatusCodes.Status409Conflict : StatusCodes.Status503ServiceUnavailable,
                title: "The import stopped part-way.",
                detail: $"{interrupted.Written} of {interrupted.ToWrite} rows were written before it stopped" +
                        (interrupted.InnerException is { } cause ? $" ({cause.GetType().Name})" : "") +
                        ". Correct the rows listed, if any, and import the same file again: rows already written are left unchanged.",
                extensions: new Dictionary<string, object?>
                {
                    ["dryRun"] = false,
                    ["written"] = interrupted.Written,
                    ["errors"] = interrupted.Errors,
                });
        }
    }

    /// <summary>The file's kind from its media type; Windows browsers send a .csv as Excel's type.</summary>
    private static FileKind? KindOf(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? type.MediaType.Value?.ToLowerInvariant() switch
        {
            "text/csv" or "application/csv" or "application/vnd.ms-excel" => FileKind.Csv,
            "text/calendar" => FileKind.Calendar,
            _ => null,
        } : null;

    private static IResult Unsupported(string expected) => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported file type.",
        detail: $"Send the file as {expected} (the request's Content-Type).");
}
