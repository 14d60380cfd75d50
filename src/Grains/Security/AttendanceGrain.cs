using Microsoft.Extensions.Logging;
using SessionOps.Boards;
using SessionOps.Reports;
using SessionOps.ConnectionPoints;
using SessionOps.Sessions;

namespace SessionOps.Security;

[GenerateSerializer, Alias("SessionOps.AttendanceState")]
public sealed class AttendanceState
{
    [Id(0)] public List<AttendanceMark> Marks { get; set; } = [];
}

/// <summary>
/// A session's attendance: every mark kept, the latest per delegate counting. A delegate is marked online only at a
/// point of the session that is not offline.
/// </summary>
public sealed class AttendanceGrain(
    [PersistentState("attendance", StorageNames.Main)] IPersistentState<AttendanceState> state,
    SessionOps.Push.PushTargets pushTargets,
    ILogger<AttendanceGrain> logger) : Grain, IAttendanceGrain
{
    private string Id => this.GetPrimaryKeyString();

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

        if (state.State.Marks.LastOrDefault(m => m.DelegateId == mark.DelegateId) is { } latest &&
            latest.Status == mark.Status && latest.ConnectionPointId == mark.ConnectionPointId)
        {
            // The same mark again (a second officer, a repeated request): it says nothing new and is not kept twice.
            return CommandResult.Ok;
        }

        await state.Append(state.State.Marks, mark);
        var present = Latest().Count(m => m.Status is AttendanceStatus.InHall or AttendanceStatus.Online);
        var required = session.Quorum ?? Quorums.Default(session.Kind, session.DelegateIds.Length);
        await GrainFactory.Tell(Id, logger, SittingEvent.Present(present, required, mark.At));

        _ = GrainFactory.GetGrain<ISessionBoardGrain>(Id).AttendanceChanged(Latest());
        foreach (var observer in await pushTargets.Current())
        {
            _ = observer.AttendanceMarked(Id, mark);
        }

        return CommandResult.Ok;
    }

    public Task<AttendanceMark[]> Current() => Task.FromResult(Latest());

    public Task<AttendanceMark[]> History() => Task.FromResult(state.State.Marks.ToArray());

    private AttendanceMark[] Latest() =>
        state.State.Marks.GroupBy(m => m.DelegateId, StringComparer.Ordinal).Select(g => g.Last()).ToArray();
}
