using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using SessionOps.Boards;
using SessionOps.Catalogs;
using SessionOps.Gateway.Api;
using SessionOps.Gateway.Auth;

namespace SessionOps.Gateway.Push;

/// <summary>
/// <c>/hubs/ops</c>. A client subscribes to the sessions it shows; it gets each session's board at once and then every
/// change. After a reconnect it subscribes again and is correct again from the board it gets back.
/// </summary>
[Authorize(Policy = Policies.Read)]
public sealed class OpsHub(
    IGrainFactory grains, LatestBoards latest, HubSessions sessions, ScopedSubscriptions scopes, KnownIds known, MetricsWatchers metrics,
    SessionSubscribers subscribers) : Hub<IOpsClient>
{
    public override Task OnConnectedAsync()
    {
        sessions.Add(Context);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        sessions.Remove(Context);
        metrics.Forget(Context.ConnectionId);
        subscribers.Forget(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    public async Task<SessionBoard> Subscribe(string sessionId)
    {
        if (!ResourceId.IsValid(sessionId))
        {
            throw new HubException($"'{sessionId}' is not a session id: {ResourceId.Rule}.");
        }

        if (!await known.Exists(Catalog.Sessions, sessionId))
        {
            throw new HubException($"There is no session '{sessionId}'.");
        }

        // Join first, then read: a change that happens in between arrives as a push, never falls in a gap. A reader
        // scoped to provinces joins the group of its scope, which hears of those provinces' points alone.
        var user = Context.User!;
        var scope = user.IsScoped() ? scopes.Add(sessionId, user.Provinces()) : null;
        foreach (var group in GroupsOf(sessionId, user, scope))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, group);
        }

        subscribers.Add(sessionId, Context.ConnectionId);
        if (Context.ConnectionAborted.IsCancellationRequested)
        {
            // Gone while subscribing: its disconnect may have run already, and would not count it out again.
            subscribers.Forget(Context.ConnectionId);
        }

        var board = await grains.GetGrain<ISessionBoardGrain>(sessionId).Get();
        if (board is null)
        {
            await Unsubscribe(sessionId);
            throw new HubException($"There is no session '{sessionId}'.");
        }

        board = latest.Newest(board).ForReader(user);
        await Clients.Caller.BoardUpdated(board);
        return board;
    }

    private static IEnumerable<string> GroupsOf(string sessionId, System.Security.Claims.ClaimsPrincipal user, string? scope) =>
        user.SeesSecurityData() ? [PushGroups.Session(sessionId), PushGroups.Secure(sessionId)]
        : scope is not null ? [PushGroups.Scoped(sessionId, scope)]
        : [PushGroups.Session(sessionId), PushGroups.Public(sessionId)];

    /// <summary>
    /// Asks for the session's live metrics (<c>PointsLive</c>) every few seconds, as the operator console shows them;
    /// a scoped reader gets its provinces' points alone.
    /// </summary>
    public async Task WatchMetrics(string sessionId)
    {
        if (!ResourceId.IsValid(sessionId) || !await known.Exists(Catalog.Sessions, sessionId))
        {
            throw new HubException($"There is no session '{sessionId}'.");
        }

        var user = Context.User!;
        var group = metrics.Watch(sessionId, Context.ConnectionId, user.IsScoped() ? user.Provinces() : null);
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
    }

    public async Task UnwatchMetrics(string sessionId)
    {
        if (metrics.Unwatch(sessionId, Context.ConnectionId) is { } group)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
        }
    }

    public async Task Unsubscribe(string sessionId)
    {
        subscribers.Remove(sessionId, Context.ConnectionId);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, PushGroups.Session(sessionId));
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, PushGroups.Secure(sessionId));
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, PushGroups.Public(sessionId));
        if (Context.User?.IsScoped() == true)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, PushGroups.Scoped(sessionId, ScopedSubscriptions.KeyOf(Context.User.Provinces())));
        }
    }
}

public static class PushGroups
{
    public static string Session(string sessionId) => $"session:{sessionId}";

    /// <summary>The session's admin and security connections: the only ones that hear of routes.</summary>
    public static string Secure(string sessionId) => $"session:{sessionId}:secure";

    /// <summary>The session's operator and leadership connections: they hear of security's incidents without its notes.</summary>
    public static string Public(string sessionId) => $"session:{sessionId}:public";

    /// <summary>The session's connections of readers scoped to one set of provinces.</summary>
    public static string Scoped(string sessionId, string scope) => $"session:{sessionId}:scope:{scope}";
}

public static class PushMethods
{
    public const string BoardUpdated = nameof(IOpsClient.BoardUpdated);
    public const string ConnectionPointChanged = nameof(IOpsClient.ConnectionPointChanged);
    public const string IncidentChanged = nameof(IOpsClient.IncidentChanged);
    public const string RouteChanged = nameof(IOpsClient.RouteChanged);
    public const string PointsLive = nameof(IOpsClient.PointsLive);
    public const string AttendanceMarked = nameof(IOpsClient.AttendanceMarked);
    public const string ReadinessItemChanged = nameof(IOpsClient.ReadinessItemChanged);
}
