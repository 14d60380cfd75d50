using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using SessionOps.Boards;
using SessionOps.Reports;
using SessionOps.ConnectionPoints;
using SessionOps.Journals;
using SessionOps.Sessions;

namespace SessionOps.Security;

[GenerateSerializer, Alias("SessionOps.AttendanceState")]
public sealed class AttendanceState : IKeptHistory<AttendanceMark>
{
    /// <summary>The latest marks (<see cref="KeptHistory.KeptCount"/>); the journal has them all, but for those in Unjournaled.</summary>
    [Id(0)] public List<AttendanceMark> Marks { get; set; } = [];

    /// <summary>Each delegate's latest mark: who is where now.</summary>
    [Id(1)] public Dictionary<string, AttendanceMark> Latest { get; set; } = [];

    [Id(2)] public bool MarksJournaled { get; set; }

    [Id(3)] public List<AttendanceMark> Unjournaled { get; set; } = [];

    List<AttendanceMark> IKeptHistory<AttendanceMark>.Kept { get => Marks; set => Marks = value; }

    bool IKeptHistory<AttendanceMark>.KeptJournaled { get => MarksJournaled; set => MarksJournaled = value; }
}

/// <summary>
/// A session's attendance: every mark kept in the session's journal stream, the latest per delegate counting (and kept
/// in the state). A delegate is marked online only at a point of the session that is not offline.
/// </summary>
public sealed class AttendanceGrain(
    [PersistentState("attendance", StorageNames.Main)] IPersistentState<AttendanceState> state,
    SessionOps.Push.PushTargets pushTargets,
    IEventJournal journal,
    Serializer serializer,
    ILogger<AttendanceGrain> logger) : Grain, IAttendanceGrain
{
    private string Id => this.GetPrimaryKeyString();

    private KeptHistory<AttendanceState, AttendanceMark> Recorded => new(state, journal, serializer, $"attendance/{Id}", logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A state from before the journal kept every mark: each delegate's latest is found among them once.
        if (!state.State.MarksJournaled && state.State.Latest.Count == 0)
        {
            state.State.Latest = state.State.Marks.GroupBy(m => m.DelegateId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last());
        }

        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<CommandResult> Mark(AttendanceMark mark)
    {
        if (await GrainFactory.GetGrain<ISessionGrain>(Id).Get() is not { } session)
        {
            return CommandResult.NotFound($"There is no session '{Id}'.");
        }

        if (RepeatedRequests.AlreadyIn(state.State.Marks, m => m.RequestId, mark.RequestId))
        {
            // Recorded by the first attempt, whose answer was lost; a mark made since by someone else stands.
            return CommandResult.Ok;
        }

        if (!session.DelegateIds.Contains(mark.DelegateId))
        {
            return CommandResult.Invalid("delegateId", $"Delegate '{mark.DelegateId}' is not one of session '{Id}''s delegates.");
        }

        if (SessionPhases.IsFinal(session.Phase))
        {
            return CommandResult.Conflict($"Session '{Id}' is over; its attendance is closed.");
        }

        if (mark.Status == AttendanceStatus.Online)
        {
            if (mark.ConnectionPointId is not { } pointId || !session.ConnectionPointIds.Contains(pointId))
            {
                return CommandResult.Invalid("connectionPointId", "A delegate online is marked at one of the session's connection points.");
            }

            if ((await GrainFactory.GetGrain<IConnectionPointGrain>(pointId).Get())?.Health == LinkHealth.Offline)
            {
                return CommandResult.Conflict($"Connection point '{pointId}' is offline: nobody can attend from it now.");
            }
        }
        else
        {
            mark = mark with { ConnectionPointId = null };
        }

        if (state.State.Latest.TryGetValue(mark.DelegateId, out var latest) &&
            latest.Status == mark.Status && latest.ConnectionPointId == mark.ConnectionPointId)
        {
            // The same mark again (a second officer, a repeated request): it says nothing new and is not kept twice.
            return CommandResult.Ok;
        }

        var before = state.State.Latest;
        state.State.Latest = new(before) { [mark.DelegateId] = mark };
        try
        {
            await Recorded.Record(mark);
        }
        catch
        {
            state.State.Latest = before;
            throw;
        }

        var present = state.State.Latest.Values.Count(m => m.Status is AttendanceStatus.InHall or AttendanceStatus.Online);
        var required = session.Quorum ?? Quorums.Default(session.Kind, session.DelegateIds.Length);
        await GrainFactory.Tell(Id, logger, SittingEvent.Present(present, required, mark.At));

        _ = GrainFactory.GetGrain<ISessionBoardGrain>(Id).AttendanceChanged(mark);
        foreach (var observer in await pushTargets.Current())
        {
            _ = observer.AttendanceMarked(Id, mark);
        }

        return CommandResult.Ok;
    }

    public Task<AttendanceMark[]> Current() => Task.FromResult(state.State.Latest.Values.ToArray());

    public Task<AttendanceMark[]> History() => Recorded.All();
}
