namespace SessionOps.Gateway.Api.Imports;

/// <summary>
/// All or nothing: every row is read and checked against what exists (a preview by each resource's grain, which writes
/// nothing) before the first is written. A file with any error writes nothing; a dry run stops after the checks.
/// Defines replace, so importing the same file again changes nothing.
/// </summary>
public static class Importer
{
    private const int Parallel = 16;

    public static async Task<ImportReport> Run<TSpec>(
        IReadOnlyList<ImportRow<TSpec>> rows,
        List<ImportError> errors,
        bool dryRun,
        Func<ImportRow<TSpec>, Task<DefinePreview>> preview,
        Func<ImportRow<TSpec>, Task<CommandResult>> define,
        Func<string, string>? fieldName = null)
    {
        fieldName ??= field => field;
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!firstRowOf.TryAdd(row.Id, row.Row))
            {
                errors.Add(new ImportError(row.Row, fieldName("id"), $"'{row.Id}' is already on row {firstRowOf[row.Id]}."));
            }
        }

        var outcomes = new DefineOutcome[rows.Count];
        for (var start = 0; start < rows.Count; start += Parallel)
        {
            var batch = rows.Skip(start).Take(Parallel).ToArray();
            var previews = await Task.WhenAll(batch.Select(preview));
            for (var i = 0; i < batch.Length; i++)
            {
                outcomes[start + i] = previews[i].Outcome;
                errors.AddRange(ErrorsOf(batch[i].Row, previews[i].Result, fieldName));
            }
        }

        if (errors.Count > 0)
        {
            return ImportReport.Refused(dryRun, errors.OrderBy(e => e.Row));
        }

        var report = new ImportReport(dryRun,
            outcomes.Count(o => o == DefineOutcome.Created),
            outcomes.Count(o => o == DefineOutcome.Updated),
            outcomes.Count(o => o == DefineOutcome.Unchanged), []);
        if (dryRun)
        {
            return report;
        }

        var changed = rows.Where((_, i) => outcomes[i] != DefineOutcome.Unchanged).ToArray();
        for (var start = 0; start < changed.Length; start += Parallel)
        {
            var batch = changed.Skip(start).Take(Parallel).ToArray();
            var results = await Task.WhenAll(batch.Select(define));
            var refused = batch.Zip(results).Where(r => !r.Second.IsOk).ToArray();
            if (refused.Length > 0)
            {
                // Something changed between the checks and the writes (another admin, at the same moment). What was written
                // stays written and is what the file says; importing the file again after correcting these rows completes it.
                throw new ImportInterruptedException(start, refused.SelectMany(r => ErrorsOf(r.First.Row, r.Second, fieldName)).ToArray());
            }
        }

        return report;
    }

    private static IEnumerable<ImportError> ErrorsOf(int row, CommandResult result, Func<string, string> fieldName) => result.Status switch
    {
        CommandStatus.Ok => [],
        CommandStatus.Invalid when result.Errors is { Count: > 0 } fields =>
            fields.SelectMany(f => f.Value.Select(message => new ImportError(row, fieldName(f.Key), message))),
        _ => [new ImportError(row, fieldName("id"), result.Detail ?? result.Status.ToString())],
    };
}

/// <summary>A row refused while writing, after every row had passed its checks: rare, and said plainly.</summary>
public sealed class ImportInterruptedException(int written, ImportError[] errors)
    : Exception($"The import stopped after {written} rows were written: {string.Join("; ", errors.Select(e => $"row {e.Row}: {e.Message}"))}")
{
    public int Written { get; } = written;

    public ImportError[] Errors { get; } = errors;
}
