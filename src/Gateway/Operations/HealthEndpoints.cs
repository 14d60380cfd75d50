using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SessionOps.Operations;

namespace SessionOps.Gateway.Operations;

public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddSessionOpsHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ClusterAndStorageCheck>("cluster-and-storage", tags: [Ready]);
        return services;
    }

    /// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: it can reach the cluster and the cluster its storage.</summary>
    public static void MapSessionOpsHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) }).AllowAnonymous();
    }
}

internal sealed class ClusterAndStorageCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IStorageProbeGrain>("readyz").Probe().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("The cluster or its storage did not answer.", exception);
        }
    }
}
