namespace SessionOps.Journals;

/// <summary>
/// Append-only streams of records, for histories that only grow (a sitting's record): each append writes one entry
/// and never rewrites those before it. SQLite in the embedded mode, Redis lists in the cluster.
/// </summary>
public interface IEventJournal
{
    /// <summary>Appends <paramref name="entry"/> as the <paramref name="position"/>-th entry (from 0) of the stream; answers once stored.</summary>
    Task Append(string stream, int position, byte[] entry);

    /// <summary>Every entry of the stream, oldest first.</summary>
    Task<IReadOnlyList<byte[]>> Read(string stream);
}
