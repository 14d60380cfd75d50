using SessionOps.Boards;
using SessionOps.Incidents;
using SessionOps.Readiness;
using SessionOps.Security;

namespace SessionOps.Gateway.Push;

/// <summary>
/// What the hub tells its clients, one method per message the pages listen for (<c>connection.on('BoardUpdated', …)</c>).
/// The names are the contract's; the bodies are serialized in camelCase like every API answer.
/// </summary>
public interface IOpsClient
{
    /// <summary>The session's whole board, as the reader may see it; the newest wins.</summary>
    Task BoardUpdated(SessionBoard board);

    Task ConnectionPointChanged(PointChange change);

    Task IncidentChanged(Incident incident);

    /// <summary>Admin and security alone: a route's standing, never where it goes.</summary>
    Task RouteChanged(RouteChange change);

    /// <summary>Every few seconds to the consoles that watch the session's metrics.</summary>
    Task PointsLive(PointsLive live);

    Task AttendanceMarked(AttendanceChange change);

    Task ReadinessItemChanged(ReadinessItemChange change);
}

public sealed record RouteChange(string DelegateId, RouteStatus Status, DateTimeOffset? CheckedAt);

public sealed record AttendanceChange(string SessionId, AttendanceMark Mark);

public sealed record ReadinessItemChange(string SessionId, ReadinessItem Item);
