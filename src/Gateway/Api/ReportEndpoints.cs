using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using SessionOps.Catalogs;
using SessionOps.Gateway.Auth;
using SessionOps.Incidents;
using SessionOps.Reports;

namespace SessionOps.Gateway.Api;

/// <summary>The after-action report (tổng kết) of a sitting: JSON, and CSV for a spreadsheet.</summary>
public static class ReportEndpoints
{
    public static void MapReports(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sessions/{id}/report", async (string id, IGrainFactory grains, HttpContext http) =>
        {
            var report = await Read(id, grains);
            return report is null ? CommandResultExtensions.NotFound("session", id) : Results.Ok(ForReader(report, http));
        }).Produces<SittingReport>().ProducesProblem(StatusCodes.Status404NotFound).ForKnown(Catalog.Sessions, "session").RequireAuthorization(Policies.Read);

        api.MapGet("/sessions/{id}/report.csv", async (string id, IGrainFactory grains, HttpContext http) =>
        {
            var report = await Read(id, grains);
            if (report is null)
            {
                return CommandResultExtensions.NotFound("session", id);
            }

            http.Response.Headers.ContentDisposition = $"attachment; filename=\"tong-ket-{id}.csv\"";
            return Results.Bytes(Csv(ForReader(report, http)), "text/csv; charset=utf-8");
        }).Produces(StatusCodes.Status200OK, typeof(string), "text/csv").ProducesProblem(StatusCodes.Status404NotFound).ForKnown(Catalog.Sessions, "session").RequireAuthorization(Policies.Read);
    }

    private static Task<SittingReport?> Read(string id, IGrainFactory grains) =>
        ResourceId.IsValid(id) ? grains.GetGrain<ISittingRecordGrain>(id).Report() : Task.FromResult<SittingReport?>(null);

    /// <summary>
    /// A reader scoped to provinces sees their points alone; security's incidents name their target (a delegate, a
    /// lodging) to admins and security only.
    /// </summary>
    private static SittingReport ForReader(SittingReport report, HttpContext http)
    {
        var hidden = report.ConnectionPoints.Where(p => !http.User.Covers(p.Province)).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        return report with
        {
            ConnectionPoints = [.. report.ConnectionPoints.Where(p => !hidden.Contains(p.Id))],
            Incidents = [.. report.Incidents
                .Where(i => !hidden.Contains(i.TargetId))
                .Select(i => i.Kind == IncidentKind.Security && !http.User.SeesSecurityData() ? i with { TargetId = "", TargetName = null } : i)],
        };
    }

    /// <summary>
    /// One row per connection point, UTF-8 with a byte-order mark so that Excel shows Vietnamese; a cell that begins
    /// with =, +, - or @ is written as text (CsvHelper's injection escaping), never as a formula.
    /// </summary>
    public static byte[] Csv(SittingReport report)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }))
        {
            foreach (var header in new[] { "id", "name", "province", "availabilityPct", "degradedSeconds", "offlineSeconds", "outages" })
            {
                csv.WriteField(header);
            }

            csv.NextRecord();
            foreach (var point in report.ConnectionPoints)
            {
                csv.WriteField(point.Id);
                csv.WriteField(point.Name);
                csv.WriteField(point.Province);
                csv.WriteField(point.AvailabilityPct.ToString("0.##", CultureInfo.InvariantCulture));
                csv.WriteField(point.DegradedSeconds);
                csv.WriteField(point.OfflineSeconds);
                csv.WriteField(point.Outages.Length);
                csv.NextRecord();
            }
        }

        return buffer.ToArray();
    }
}
