namespace SessionOps.Journals;

/// <summary>
/// Append-only streams of records, for histories that only grow (a sitting's record): each append adds entries after
/// those already there and never rewrites them. SQLite in the embedded mode, Redis lists in the cluster.
/// </summary>
public interface IEventJournal
{
    /// <summary>Appends <paramref name="entries"/>, in their order, after the stream's last entry; answers once stored.</summary>
    Task Append(string stream, IReadOnlyList<byte[]> entries);

    /// <summary>Every entry of the stream, oldest first.</summary>
    Task<IReadOnlyList<byte[]>> Read(string stream);
}
