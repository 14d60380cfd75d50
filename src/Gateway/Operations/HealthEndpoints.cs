using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SessionOps.Gateway.Hosting;
using SessionOps.Hosting.Sqlite;
using SessionOps.Operations;

namespace SessionOps.Gateway.Operations;

/// <summary>
/// <c>/healthz</c>: the process answers (liveness). <c>/readyz</c>: what this replica can serve. In cluster mode that is
/// a connection to the silos that answers; the storage every Gateway shares is reported (<c>Degraded</c>, still 200)
/// but does not fail it, because a Redis blip failing every Gateway's readiness at once would take the whole service
/// out, pages and pushes included, for what a retry rides out. Embedded, the storage is this replica's own: the SQLite
/// writer must be able to commit.
/// </summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(4);

    public static IServiceCollection AddSessionOpsHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks();
        if (string.Equals(configuration["SessionOps:Mode"], "cluster", StringComparison.OrdinalIgnoreCase))
        {
            checks.AddCheck<SilosCheck>("silos", tags: [Ready]);
            checks.AddCheck<StorageCheck>("storage", failureStatus: HealthStatus.Degraded, tags: [Ready]);
        }
        else
        {
            checks.AddCheck<StorageCheck>("silo-and-storage", tags: [Ready]);
            services.AddSingleton<SqliteWriterProbe>();
            checks.AddCheck<SqliteWriterCheck>("sqlite-writer", tags: [Ready]);
        }

        return services;
    }

    public static void MapSessionOpsHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteReport })
            .AllowAnonymous();
    }

    /// <summary>Each check's status and, when it is not healthy, why: what an operator reads from the probe's answer.</summary>
    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), why = e.Value.Description }),
        }, JsonSerializerOptions.Web));
    }

    internal static async Task<HealthCheckResult> Probe(Func<Task> probe, string failure, HealthStatus failureStatus, CancellationToken cancellationToken)
    {
        try
        {
            await probe().WaitAsync(ProbeTimeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The answer is public: it says what failed; the exception goes to the log with the health checks' own entry.
            return new HealthCheckResult(failureStatus,
                exception is TimeoutException ? $"{failure} within {ProbeTimeout.TotalSeconds:F0} s." : $"{failure}.", exception);
        }
    }
}

/// <summary>This Gateway holds a connection to a silo, and a silo answers a call that needs no storage.</summary>
internal sealed class SilosCheck(IGrainFactory grains, GatewayConnectionLoss connections) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        connections.Connected == 0
            ? Task.FromResult(HealthCheckResult.Unhealthy("This Gateway has no connection to any silo."))
            : HealthEndpoints.Probe(() => grains.GetGrain<IClusterProbeGrain>(0).Ping(), "No silo answered", context.Registration.FailureStatus, cancellationToken);
}

/// <summary>
/// A grain reads its state from storage: Redis in the cluster, the SQLite file embedded. A probe grain of this Gateway's
/// own (by machine name), so that one Gateway's probes never queue behind another's while storage hangs.
/// </summary>
internal sealed class StorageCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly string Key = "readyz-" + Environment.MachineName;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        HealthEndpoints.Probe(() => grains.GetGrain<IStorageProbeGrain>(Key).Probe(), "Grain storage did not answer", context.Registration.FailureStatus,
            cancellationToken);
}

/// <summary>The embedded mode's one writer commits: reads alone would not notice a full disk or a file locked by another process.</summary>
internal sealed class SqliteWriterCheck(SqliteWriterProbe probe) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        HealthEndpoints.Probe(probe.Current, "The SQLite writer did not commit", context.Registration.FailureStatus, cancellationToken);
}

/// <summary>
/// One probing write at a time, its outcome shared for two seconds: /readyz is anonymous, and while the file is locked
/// every probe would otherwise queue one more write behind the lock.
/// </summary>
internal sealed class SqliteWriterProbe(SqliteDatabase database, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private Task? _current;
    private DateTimeOffset _startedAt;

    public Task Current()
    {
        lock (_gate)
        {
            if (_current is null || (_current.IsCompleted && clock.GetUtcNow() - _startedAt > TimeSpan.FromSeconds(2)))
            {
                _startedAt = clock.GetUtcNow();
                _current = database.CheckWritable();
            }

            return _current;
        }
    }
}
