using System.Security.Claims;
using SessionOps.Gateway.Auth;
using SessionOps.Security;

namespace SessionOps.Gateway.Api;

/// <summary>
/// Writes the audit log: every security action, and every read of a route, before the route is sent. If the entry
/// cannot be written, the read fails: security data never leaves unrecorded.
/// </summary>
public sealed class AuditTrail(IGrainFactory grains, TimeProvider clock)
{
    public Task Record(ClaimsPrincipal user, string action, string targetType, string targetId, string? detail = null)
    {
        var actor = user.ToActor();
        var now = clock.GetUtcNow();
        return grains.GetGrain<IAuditLogGrain>(AuditLog.HourOf(now))
            .Append(new AuditEntry(now, actor.Name, actor.Role, action, targetType, targetId, detail, actor.AccountId));
    }
}
