using SessionOps.Delegates;

namespace SessionOps.Gateway.Api.Imports;

/// <summary>Delegates from a spreadsheet: <c>id,name,delegation,lodgingVenueId</c>.</summary>
public static class DelegateImport
{
    public static readonly string[] Columns = ["id", "name", "delegation"];

    public static readonly string[] OptionalColumns = ["lodgingVenueId"];

    /// <summary>Delegates from a spreadsheet; without a lodgingVenueId column, a delegate already set up keeps their lodging.</summary>
    public static async Task<(List<ImportRow<DelegateSpec>> Rows, List<ImportError> Errors)> FromCsv(string text, IGrainFactory grains)
    {
        var rows = new List<ImportRow<DelegateSpec>>();
        var (table, errors) = CsvTable.Read(text, Columns, OptionalColumns);
        if (table is null)
        {
            return (rows, errors);
        }

        foreach (var (row, cells) in table.Rows)
        {
            var check = new Validator();
            var id = check.Id(table.Cell(cells, "id"), "id");
            var lodging = table.Has("lodgingVenueId") ? table.Cell(cells, "lodgingVenueId")
                : ResourceId.IsValid(id) ? (await grains.GetGrain<IDelegateGrain>(id).Get())?.LodgingVenueId
                : null;
            var spec = DelegateEndpoints.Validate(new DelegateBody(table.Cell(cells, "name"), table.Cell(cells, "delegation"), lodging), check);
            if (check.HasErrors)
            {
                errors.AddRange(check.Errors.Select(e => new ImportError(row, e.Field, e.Message)));
            }
            else
            {
                rows.Add(new ImportRow<DelegateSpec>(row, id, spec));
            }
        }

        return (rows, errors);
    }
}
