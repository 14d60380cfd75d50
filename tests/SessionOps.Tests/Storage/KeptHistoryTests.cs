using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;
using SessionOps.Journals;
using SessionOps.Security;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Storage;

/// <summary>
/// A kept history on the Gateway's real storage and journal, with a write or an append made to fail on purpose: an entry
/// is recorded when the state holds it, whatever the journal did, and one whose state write failed leaves no trace.
/// </summary>
public sealed class KeptHistoryTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow.AddDays(-1);

    [Fact]
    public async Task An_entry_whose_append_failed_is_listed_and_goes_to_the_journal_with_the_next_even_past_the_kept_ones()
    {
        var (history, state, journal, stream) = Start();
        await history.Record(Check(0));

        journal.Failing = true;
        for (var i = 1; i <= KeptHistory.KeptCount + 5; i++)
        {
            await history.Record(Check(i));
        }

        // Fifty-five recorded while the journal refused them: the state keeps the latest fifty, and all of them for the journal.
        Assert.Equal(KeptHistory.KeptCount, state.State.Checks.Count);
        Assert.Equal(Notes(0, KeptHistory.KeptCount + 5), (await history.All()).Select(c => c.Note));

        journal.Failing = false;
        await history.Record(Check(KeptHistory.KeptCount + 6));
        Assert.Equal(Notes(0, KeptHistory.KeptCount + 6), await JournaledNotes(stream));

        // The state was stored before that append: read again, it still lists those entries as unjournaled. Listed once.
        var reread = await state.Reread();
        var again = new KeptHistory<DelegateRouteState, SecurityCheck>(reread, fixture.Host.Services.GetRequiredService<IEventJournal>(),
            Serializer, stream, NullLogger.Instance);
        Assert.Equal(KeptHistory.KeptCount + 6, reread.State.Unjournaled.Count);
        Assert.Equal(Notes(0, KeptHistory.KeptCount + 6), (await again.All()).Select(c => c.Note));
        // Its next entry finds them in the journal and appends itself alone; the state then lists only that one.
        await again.Record(Check(KeptHistory.KeptCount + 7));
        Assert.Equal(Notes(0, KeptHistory.KeptCount + 7), await JournaledNotes(stream));
        Assert.Equal(Notes(KeptHistory.KeptCount + 7, KeptHistory.KeptCount + 7), (await state.Reread()).State.Unjournaled.Select(c => c.Note));
    }

    [Fact]
    public async Task An_entry_whose_state_write_failed_is_nowhere_and_the_caller_hears_of_it()
    {
        var (history, state, _, stream) = Start();
        await history.Record(Check(0));

        state.Failing = true;
        await Assert.ThrowsAnyAsync<Exception>(() => history.Record(Check(1)));
        state.Failing = false;

        Assert.Equal(Notes(0, 0), (await history.All()).Select(c => c.Note));
        Assert.Equal(Notes(0, 0), await JournaledNotes(stream));
        Assert.Equal(Notes(0, 0), (await state.Reread()).State.Checks.Select(c => c.Note));

        await history.Record(Check(2));
        Assert.Equal(["Lượt 0", "Lượt 2"], (await history.All()).Select(c => c.Note));
    }

    [Fact]
    public async Task Entries_kept_before_the_journal_go_to_it_with_the_next_entry()
    {
        var (history, state, _, stream) = Start(new DelegateRouteState { Checks = [Check(0), Check(1)] });

        await history.Record(Check(2));

        Assert.Equal(Notes(0, 2), await JournaledNotes(stream));
        Assert.True(state.State.ChecksJournaled);
        Assert.Equal(Notes(0, 2), (await history.All()).Select(c => c.Note));
    }

    private Serializer Serializer => fixture.Host.Services.GetRequiredService<Serializer>();

    private (KeptHistory<DelegateRouteState, SecurityCheck> History, StoredState<DelegateRouteState> State, RefusingJournal Journal, string Stream) Start(
        DelegateRouteState? initial = null)
    {
        var services = fixture.Host.Services;
        var id = GrainId.Create("kept-history-test", Guid.NewGuid().ToString("N"));
        var state = new StoredState<DelegateRouteState>(services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Main), "route", id, initial ?? new());
        var journal = new RefusingJournal(services.GetRequiredService<IEventJournal>());
        var stream = $"kept-history-test/{id.Key}";
        return (new KeptHistory<DelegateRouteState, SecurityCheck>(state, journal, Serializer, stream, NullLogger.Instance), state, journal, stream);
    }

    private async Task<string?[]> JournaledNotes(string stream) =>
        [.. (await fixture.Host.Services.GetRequiredService<IEventJournal>().Read(stream)).Select(e => Serializer.Deserialize<SecurityCheck>(e)!.Note)];

    private static SecurityCheck Check(int i) => new(SecurityCheckStatus.Clear, $"Lượt {i}", "Trần Văn An", At.AddSeconds(i));

    private static string[] Notes(int from, int to) => [.. Enumerable.Range(from, to - from + 1).Select(i => $"Lượt {i}")];

    /// <summary>The Gateway's journal, made to refuse appends while <see cref="Failing"/>, as a store that is down would.</summary>
    private sealed class RefusingJournal(IEventJournal inner) : IEventJournal
    {
        public bool Failing { get; set; }

        public Task Append(string stream, IReadOnlyList<byte[]> entries) =>
            Failing ? Task.FromException(new IOException("The journal is not reachable.")) : inner.Append(stream, entries);

        public Task<IReadOnlyList<byte[]>> Read(string stream) => inner.Read(stream);
    }

    /// <summary>A grain's state on the Gateway's grain storage, made to refuse writes while <see cref="Failing"/>.</summary>
    private sealed class StoredState<T>(IGrainStorage storage, string name, GrainId id, T initial) : IPersistentState<T>
        where T : new()
    {
        private readonly GrainState<T> _stored = new(initial);

        public bool Failing { get; set; }

        public T State { get => _stored.State!; set => _stored.State = value; }

        public string? Etag => _stored.ETag;

        public bool RecordExists => _stored.RecordExists;

        public Task ClearStateAsync() => storage.ClearStateAsync(name, id, _stored);

        public Task ReadStateAsync() => storage.ReadStateAsync(name, id, _stored);

        public Task WriteStateAsync() =>
            Failing ? Task.FromException(new IOException("The storage is not reachable.")) : storage.WriteStateAsync(name, id, _stored);

        /// <summary>What storage holds now, as a new activation would read it.</summary>
        public async Task<StoredState<T>> Reread()
        {
            var fresh = new StoredState<T>(storage, name, id, new T());
            await fresh.ReadStateAsync();
            return fresh;
        }
    }
}
