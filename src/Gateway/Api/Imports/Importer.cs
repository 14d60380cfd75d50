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
        var written = 0;
        try
        {
            for (var start = 0; start < changed.Length; start += Parallel)
            {
                var batch = changed.Skip(start).Take(Parallel).ToArray();
                var results = await Task.WhenAll(batch.Select(define));
                written += results.Count(r => r.IsOk);
                var refused = batch.Zip(results).Where(r => !r.Second.IsOk).ToArray();
                if (refused.Length > 0)
                {
                    // Something changed between the checks and the writes (another admin, at the same moment).
                    throw new ImportInterruptedException(written, changed.Length,
                        [.. refused.SelectMany(r => ErrorsOf(r.First.Row, r.Second, fieldName))]);
                }
            }
        }
        catch (Exception exception) when (exception is not ImportInterruptedException)
        {
            // The cluster failed under a write: what was written stays written, and is what the file says.
            throw new ImportInterruptedException(written, changed.Length, [], exception);
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

/// <summary>
/// An import that stopped part-way, after every row had passed its checks: a row refused at its write, or the cluster
/// failing under one. Rare, and said plainly: how many rows were written, and that the same file again completes it.
/// </summary>
public sealed class ImportInterruptedException(int written, int toWrite, ImportError[] errors, Exception? cause = null)
    : Exception($"The import stopped after {written} of {toWrite} rows were written.", cause)
{
    public int Written { get; } = written;

    public int ToWrite { get; } = toWrite;

    public ImportError[] Errors { get; } = errors;
}
