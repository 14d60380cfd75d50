using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using System.Diagnostics;
using SessionOps.Accounts;
using SessionOps.Boards;
using SessionOps.Gateway.Api;
using SessionOps.Gateway.Auth;
using SessionOps.Gateway.Operations;
using SessionOps.Incidents;
using SessionOps.Push;
using SessionOps.Security;

namespace SessionOps.Gateway.Push;

/// <summary>
/// This Gateway's observer: what the grains push, it sends to the SignalR group of the session, that is to this
/// Gateway's own subscribers. Sending to a group no one here joined costs nothing.
/// </summary>
public sealed class PushForwarder(IHubContext<OpsHub> hub, LatestBoards latest, TimeProvider clock, AccessRevocations revocations) : IPushObserver
{
    public Task BoardUpdated(SessionBoard board) =>
        latest.Offer(board) ? Send(PushGroups.Session(board.SessionId), PushMethods.BoardUpdated, board) : Task.CompletedTask;

    public Task ConnectionPointChanged(PointChange change)
    {
        GatewayMetrics.PushLag.Record((clock.GetUtcNow() - change.ChangedAt).TotalMilliseconds);
        return Send(PushGroups.Session(change.SessionId), PushMethods.ConnectionPointChanged, change);
    }

    public Task IncidentChanged(Incident incident) => Task.WhenAll(
        Send(PushGroups.Secure(incident.SessionId), PushMethods.IncidentChanged, incident),
        Send(PushGroups.Public(incident.SessionId), PushMethods.IncidentChanged, SecurityRedaction.Redacted(incident)));

    public Task AccessRevoked(AccessRevocation revocation)
    {
        revocations.Apply(revocation);
        return Task.CompletedTask;
    }

    public Task RouteChanged(string sessionId, RouteSummary route) =>
        Send(PushGroups.Secure(sessionId), PushMethods.RouteChanged, new { route.DelegateId, route.Status, route.CheckedAt });

    private Task Send(string group, string method, object message)
    {
        GatewayMetrics.PushesSent.Add(1, new KeyValuePair<string, object?>("method", method));
        return hub.Clients.Group(group).SendAsync(method, message);
    }
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
