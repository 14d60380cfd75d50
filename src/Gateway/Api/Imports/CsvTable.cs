using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace SessionOps.Gateway.Api.Imports;

/// <summary>
/// A CSV file read into its header and rows, each with the row number a spreadsheet shows (the header is row 1). The
/// separator is taken from the header line: a comma, or a semicolon or tab as Excel writes in locales whose decimal
/// separator is a comma (Vietnamese among them).
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(Dictionary<string, int> columns, List<(int Row, string[] Cells)> rows)
    {
        _columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<(int Row, string[] Cells)> Rows { get; }

    /// <summary>The cell of <paramref name="column"/>, trimmed; empty when the column is absent or the row short.</summary>
    public string Cell(string[] cells, string column) =>
        _columns.TryGetValue(column, out var index) && index < cells.Length ? cells[index].Trim() : "";

    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>Reads <paramref name="text"/>; a header with an unknown, missing or repeated column is an error of row 1.</summary>
    public static (CsvTable? Table, List<ImportError> Errors) Read(string text, string[] required, string[] optional)
    {
        var errors = new List<ImportError>();
        var firstLine = text.AsSpan(0, text.IndexOfAny(['\r', '\n']) is var end and >= 0 ? end : text.Length);
        var delimiter = firstLine.Contains(',') ? "," : firstLine.Contains(';') ? ";" : firstLine.Contains('\t') ? "\t" : ",";
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            IgnoreBlankLines = true,
            BadDataFound = args => errors.Add(new ImportError(args.Context.Parser?.Row ?? 0, "file",
                $"A quote is out of place: {Shorten(args.RawRecord)}")),
        };

        using var parser = new CsvParser(new StringReader(text), config);
        if (!parser.Read() || parser.Record is not { } header)
        {
            errors.Add(new ImportError(1, "file", "The file has no header row."));
            return (null, errors);
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim();
            if (!required.Contains(name) && !optional.Contains(name))
            {
                errors.Add(new ImportError(1, string.IsNullOrEmpty(name) ? $"column {i + 1}" : name,
                    $"Unknown column '{name}'. The columns are: {string.Join(",", required.Concat(optional))}."));
            }
            else if (!columns.TryAdd(name, i))
            {
                errors.Add(new ImportError(1, name, $"The column '{name}' appears twice."));
            }
        }

        foreach (var missing in required.Where(c => !columns.ContainsKey(c)))
        {
            errors.Add(new ImportError(1, missing, $"The column '{missing}' is missing."));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var rows = new List<(int, string[])>();
        while (parser.Read())
        {
            var cells = parser.Record ?? [];
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (cells.Length > header.Length && cells.Skip(header.Length).Any(c => !string.IsNullOrWhiteSpace(c)))
            {
                errors.Add(new ImportError(parser.Row, "file", $"The row has {cells.Length} cells; the header has {header.Length}."));
                continue;
            }

            rows.Add((parser.Row, cells));
        }

        return (new CsvTable(columns, rows), errors);
    }

    /// <summary>A list cell: ids separated by <c>;</c>.</summary>
    public static string[] List(string cell) => cell.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Shorten(string? raw) => raw is null ? "" : raw.Length <= 80 ? raw.Trim() : raw[..80] + "…";
}
