using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using SessionOps.Boards;
using SessionOps.Incidents;
using SessionOps.Push;
using SessionOps.Security;

namespace SessionOps.Gateway.Push;

/// <summary>
/// This Gateway's observer: what the grains push, it sends to the SignalR group of the session, that is to this
/// Gateway's own subscribers. Sending to a group no one here joined costs nothing.
/// </summary>
public sealed class PushForwarder(IHubContext<OpsHub> hub, LatestBoards latest) : IPushObserver
{
    public Task BoardUpdated(SessionBoard board) =>
        latest.Offer(board)
            ? hub.Clients.Group(PushGroups.Session(board.SessionId)).SendAsync(PushMethods.BoardUpdated, board)
            : Task.CompletedTask;

    public Task ConnectionPointChanged(PointChange change) =>
        hub.Clients.Group(PushGroups.Session(change.SessionId)).SendAsync(PushMethods.ConnectionPointChanged, change);

    public Task IncidentChanged(Incident incident) =>
        hub.Clients.Group(PushGroups.Session(incident.SessionId)).SendAsync(PushMethods.IncidentChanged, incident);

    public Task RouteChanged(string sessionId, RouteSummary route) =>
        hub.Clients.Group(PushGroups.Secure(sessionId)).SendAsync(PushMethods.RouteChanged, new { route.DelegateId, route.Status, route.CheckedAt });
}

/// <summary>
/// The newest board of each session this Gateway has seen. A board older than one already sent is dropped, so that
/// a client never gets a stale board after a newer one, whatever order the pushes arrive in.
/// </summary>
public sealed class LatestBoards
{
    private readonly ConcurrentDictionary<string, SessionBoard> _boards = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="board"/> is newer than any seen before for its session.</summary>
    public bool Offer(SessionBoard board)
    {
        var stored = _boards.AddOrUpdate(board.SessionId, board, (_, known) => board.Version > known.Version ? board : known);
        return ReferenceEquals(stored, board);
    }

    /// <summary>The newer of <paramref name="board"/> and the newest pushed here.</summary>
    public SessionBoard Newest(SessionBoard board)
    {
        Offer(board);
        return _boards.TryGetValue(board.SessionId, out var newest) ? newest : board;
    }
}
