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
using SessionOps.Readiness;
using SessionOps.Security;

namespace SessionOps.Gateway.Push;

/// <summary>
/// This Gateway's observer: what the grains push, it hands to the session's outbox and returns; the outbox's sender
/// sends it to the SignalR groups of the session, that is to this Gateway's own subscribers. Sending to a group no one
/// here joined costs nothing.
/// </summary>
public sealed class PushForwarder(
    IHubContext<OpsHub, IOpsClient> hub, LatestBoards latest, TimeProvider clock, AccessRevocations revocations, ScopedSubscriptions scopes,
    PushOutbox outbox, MetricsWatchers consoles, SessionSubscribers subscribers) : IPushObserver
{
    public Task BoardUpdated(SessionBoard board)
    {
        if (latest.Offer(board))
        {
            outbox.Board(board.SessionId, () => SendBoard(board), BoardBytes(board) * subscribers.Count(board.SessionId));
        }

        return Task.CompletedTask;
    }

    public Task ConnectionPointChanged(PointChange change)
    {
        GatewayMetrics.PushLag.Record((clock.GetUtcNow() - change.ChangedAt).TotalMilliseconds);
        outbox.PointChange(change.SessionId, () => SendPointChange(change), subscribers.Count(change.SessionId));
        return Task.CompletedTask;
    }

    public Task IncidentChanged(Incident incident)
    {
        outbox.Event(incident.SessionId, () => SendIncident(incident));
        return Task.CompletedTask;
    }

    public Task RouteChanged(string sessionId, RouteSummary route)
    {
        outbox.Event(sessionId, () => Send(PushGroups.Secure(sessionId), PushMethods.RouteChanged, client => client.RouteChanged(new RouteChange(route.DelegateId, route.Status, route.CheckedAt))));
        return Task.CompletedTask;
    }

    /// <summary>
    /// To the consoles of the sitting, never to the walls: security's (arrivals) and the operators' that watch it (who
    /// is online at their points; a scoped console hears of its provinces' points only). A mark says who and where,
    /// never a lodging or a route.
    /// </summary>
    public Task AttendanceMarked(string sessionId, AttendanceMark mark)
    {
        outbox.Event(sessionId, () =>
        {
            var province = mark.ConnectionPointId is { } point ? latest.ProvinceOf(sessionId, point) : null;
            var change = new AttendanceChange(sessionId, mark);
            return Task.WhenAll(consoles.Of(sessionId)
                .Where(watch => watch.Provinces is null ||
                                (province is not null && watch.Provinces.Contains(province, StringComparer.OrdinalIgnoreCase)))
                .Select(watch => Send(watch.Group, PushMethods.AttendanceMarked, client => client.AttendanceMarked(change)))
                .Append(Send(PushGroups.Secure(sessionId), PushMethods.AttendanceMarked, client => client.AttendanceMarked(change))));
        });
        return Task.CompletedTask;
    }

    /// <summary>In full to admin and security; to the others without security's notes or a lodging's name, and a scoped
    /// reader hears of its provinces' points (and of venues) only.</summary>
    public Task ReadinessItemChanged(string sessionId, ReadinessItem item)
    {
        outbox.Event(sessionId, () =>
        {
            var redacted = SecurityRedaction.Redacted(item);
            var province = item.TargetType == CheckTarget.ConnectionPoint ? latest.ProvinceOf(sessionId, item.TargetId) : null;
            return Task.WhenAll(scopes.Of(sessionId)
                .Where(scope => item.TargetType != CheckTarget.ConnectionPoint ||
                                (province is not null && scope.Provinces.Contains(province, StringComparer.OrdinalIgnoreCase)))
                .Select(scope => Send(PushGroups.Scoped(sessionId, scope.Key), PushMethods.ReadinessItemChanged, client => client.ReadinessItemChanged(new ReadinessItemChange(sessionId, redacted))))
                .Append(Send(PushGroups.Secure(sessionId), PushMethods.ReadinessItemChanged, client => client.ReadinessItemChanged(new ReadinessItemChange(sessionId, item))))
                .Append(Send(PushGroups.Public(sessionId), PushMethods.ReadinessItemChanged, client => client.ReadinessItemChanged(new ReadinessItemChange(sessionId, redacted)))));
        });
        return Task.CompletedTask;
    }

    /// <summary>About what a board weighs as JSON: its points' list is most of it.</summary>
    private static long BoardBytes(SessionBoard board) => 4_000 + (200L * board.ConnectionPoints.Items.Length);

    private Task SendBoard(SessionBoard board) => Task.WhenAll(scopes.Of(board.SessionId)
        .Select(scope => Send(PushGroups.Scoped(board.SessionId, scope.Key), PushMethods.BoardUpdated, client => client.BoardUpdated(board.ForProvinces(scope.Provinces))))
        .Append(Send(PushGroups.Session(board.SessionId), PushMethods.BoardUpdated, client => client.BoardUpdated(board))));

    private Task SendPointChange(PointChange change) => Task.WhenAll(scopes.Of(change.SessionId)
        .Where(scope => scope.Provinces.Contains(change.Province, StringComparer.OrdinalIgnoreCase))
        .Select(scope => Send(PushGroups.Scoped(change.SessionId, scope.Key), PushMethods.ConnectionPointChanged, client => client.ConnectionPointChanged(change)))
        .Append(Send(PushGroups.Session(change.SessionId), PushMethods.ConnectionPointChanged, client => client.ConnectionPointChanged(change))));

    /// <summary>
    /// In full to admin and security, without security's words to the others; a scoped reader hears of the incidents of
    /// its provinces' points (known from the session's latest board) and of those that concern no point.
    /// </summary>
    private Task SendIncident(Incident incident)
    {
        var redacted = SecurityRedaction.Redacted(incident);
        var province = incident.TargetType == "connectionPoint" ? latest.ProvinceOf(incident.SessionId, incident.TargetId) : null;
        return Task.WhenAll(scopes.Of(incident.SessionId)
            .Where(scope => incident.TargetType != "connectionPoint" || (province is not null && scope.Provinces.Contains(province, StringComparer.OrdinalIgnoreCase)))
            .Select(scope => Send(PushGroups.Scoped(incident.SessionId, scope.Key), PushMethods.IncidentChanged, client => client.IncidentChanged(redacted)))
            .Append(Send(PushGroups.Secure(incident.SessionId), PushMethods.IncidentChanged, client => client.IncidentChanged(incident)))
            .Append(Send(PushGroups.Public(incident.SessionId), PushMethods.IncidentChanged, client => client.IncidentChanged(redacted))));
    }

    public Task AccessRevoked(AccessRevocation revocation)
    {
        revocations.Apply(revocation);
        return Task.CompletedTask;
    }

    private Task Send(string group, string method, Func<IOpsClient, Task> send)
    {
        GatewayMetrics.PushesSent.Add(1, new KeyValuePair<string, object?>("method", method));
        return send(hub.Clients.Group(group));
    }
}

/// <summary>
/// The newest board of each session this Gateway has seen. A board older than one already sent is dropped, so that
/// a client never gets a stale board after a newer one, whatever order the pushes arrive in. A session neither pushed
/// nor asked about (a subscription, a scoped event) for <see cref="KeptFor"/> is forgotten (a sitting lasts a day; a
/// year of them held here would be every board of the year): its next board, newer than any before, is the first.
/// </summary>
public sealed class LatestBoards(TimeProvider clock)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);
    private static readonly TimeSpan ForgetEvery = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, Seen> _boards = new(StringComparer.Ordinal);
    private long _nextForget;

    /// <summary>True when <paramref name="board"/> is newer than any seen before for its session.</summary>
    public bool Offer(SessionBoard board)
    {
        var now = clock.GetTimestamp();
        ForgetQuietSessions(now);
        var offered = new Seen(board, now);
        var stored = _boards.AddOrUpdate(board.SessionId, offered, (_, known) => board.Version > known.Board.Version ? offered : known.Used(now));
        return ReferenceEquals(stored, offered);
    }

    /// <summary>The province of a point of the session, as the session's newest board here says; null when unknown.</summary>
    public string? ProvinceOf(string sessionId, string pointId) =>
        _boards.TryGetValue(sessionId, out var seen)
            ? seen.Used(clock.GetTimestamp()).Board.ConnectionPoints.Items.FirstOrDefault(p => p.Id == pointId)?.Province
            : null;

    /// <summary>The newer of <paramref name="board"/> and the newest pushed here.</summary>
    public SessionBoard Newest(SessionBoard board)
    {
        Offer(board);
        return _boards.TryGetValue(board.SessionId, out var newest) ? newest.Board : board;
    }

    /// <summary>How many sessions' boards are held.</summary>
    public int Count => _boards.Count;

    private void ForgetQuietSessions(long now)
    {
        var due = Interlocked.Read(ref _nextForget);
        if (now < due || Interlocked.CompareExchange(ref _nextForget, now + (long)(ForgetEvery.TotalSeconds * clock.TimestampFrequency), due) != due)
        {
            return;
        }

        foreach (var entry in _boards)
        {
            if (clock.GetElapsedTime(entry.Value.At, now) > KeptFor)
            {
                _boards.TryRemove(entry);
            }
        }
    }

    private sealed class Seen(SessionBoard board, long at)
    {
        private long _at = at;

        public SessionBoard Board { get; } = board;

        public long At => Interlocked.Read(ref _at);

        public Seen Used(long now)
        {
            Interlocked.Exchange(ref _at, now);
            return this;
        }
    }
}
