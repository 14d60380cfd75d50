using Orleans.Concurrency;
using SessionOps.Boards;
using SessionOps.Incidents;

namespace SessionOps.Push;

/// <summary>
/// Implemented by each Gateway, which forwards what it receives to the SignalR groups of its own clients.
/// One-way: a slow or dead Gateway never holds up a board.
/// </summary>
public interface IPushObserver : IGrainObserver
{
    [OneWay]
    Task BoardUpdated(SessionBoard board);

    [OneWay]
    Task ConnectionPointChanged(PointChange change);

    [OneWay]
    Task IncidentChanged(Incident incident);

    /// <summary>For security and admin connections only: the Gateway sends it to those alone.</summary>
    [OneWay]
    Task RouteChanged(string sessionId, SessionOps.Security.RouteSummary route);

    /// <summary>One attendance mark, as it was recorded: the consoles apply it instead of reading the attendance again.</summary>
    [OneWay]
    Task AttendanceMarked(string sessionId, SessionOps.Security.AttendanceMark mark);

    /// <summary>One checklist item after a check: the consoles apply it instead of reading the checklist again.</summary>
    [OneWay]
    Task ReadinessItemChanged(string sessionId, SessionOps.Readiness.ReadinessItem item);

    /// <summary>
    /// Sessions ended and agent keys revoked: the Gateway forgets them and closes their hub connections. Not one-way:
    /// the revocation is done on every Gateway when the call that caused it returns.
    /// </summary>
    Task AccessRevoked(SessionOps.Accounts.AccessRevocation revocation);
}

/// <summary>
/// The Gateways that want pushes. A Gateway registers its observer and renews it; one that stops renewing
/// (it died) is dropped after <see cref="PushRegistration.Expiry"/>.
/// </summary>
[Alias("SessionOps.IPushRegistryGrain")]
public interface IPushRegistryGrain : IGrainWithStringKey
{
    Task Register(string gatewayId, IPushObserver observer);

    Task Unregister(string gatewayId);

    Task<IPushObserver[]> Observers();

    /// <summary>Tells every registered Gateway of <paramref name="revocation"/> and waits (a short while at most) until each has applied it.</summary>
    [AlwaysInterleave]
    Task Revoke(SessionOps.Accounts.AccessRevocation revocation);
}

public static class PushRegistration
{
    public const string RegistryKey = "gateways";

    public static readonly TimeSpan Renew = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(60);
}
