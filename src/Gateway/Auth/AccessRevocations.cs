using SessionOps.Accounts;
using SessionOps.Gateway.Push;
using SessionOps.Push;

namespace SessionOps.Gateway.Auth;

/// <summary>
/// Ends access on every Gateway at once: this one applies a revocation itself, then the registry tells every other and
/// waits until each has applied it (or a short timeout for one that is gone).
/// </summary>
public sealed class AccessRevocations(IGrainFactory grains, VerifiedAgentKeys agentKeys, HubSessions hubSessions, ILogger<AccessRevocations> logger)
{
    public async Task Revoke(AccessRevocation revocation)
    {
        if (revocation.SessionKeys.Length == 0 && revocation.AgentKeyIds.Length == 0)
        {
            return;
        }

        Apply(revocation);
        try
        {
            await grains.GetGrain<IPushRegistryGrain>(PushRegistration.RegistryKey).Revoke(revocation);
        }
        catch (Exception exception)
        {
            // Ended in storage already: other Gateways refuse the sessions at their next request, and their hubs at the next check.
            logger.LogWarning(exception, "A revocation could not be sent to every Gateway");
        }
    }

    /// <summary>What a Gateway does with a revocation, its own or another's.</summary>
    public void Apply(AccessRevocation revocation)
    {
        agentKeys.Forget(revocation.AgentKeyIds);
        hubSessions.Close(revocation.SessionKeys);
    }
}
