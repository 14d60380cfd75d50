using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;

namespace SessionOps.Gateway.Auth;

/// <summary><c>RateLimits:*</c>: token buckets per user, per agent key, and per address for sign-ins and strangers.</summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;

    public Bucket PerUser { get; set; } = new() { PerSecond = 50, Burst = 200 };

    /// <summary>An agent sends one heartbeat a second, and its backlog in batches after an outage.</summary>
    public Bucket PerAgentKey { get; set; } = new() { PerSecond = 20, Burst = 100 };

    /// <summary>Sign-in attempts and requests without a sign-in, per client address.</summary>
    public Bucket PerAddress { get; set; } = new() { PerSecond = 2, Burst = 20 };

    public sealed class Bucket
    {
        public int PerSecond { get; set; }

        public int Burst { get; set; }

        public TokenBucketRateLimiterOptions ToOptions() => new()
        {
            TokenLimit = Math.Max(1, Burst),
            TokensPerPeriod = Math.Max(1, PerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}

public static class RateLimits
{
    /// <summary>One runaway client (a script in a loop, an agent gone mad) is refused with 429; it cannot starve the rest.</summary>
    public static IServiceCollection AddSessionOpsRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.",
                    detail: "This client sends more than its share; slow down and try again shortly.").ExecuteAsync(context.HttpContext);
            };
            if (!options.Enabled)
            {
                return;
            }

            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var (partition, bucket) = PartitionOf(http, options);
                return partition is null
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetTokenBucketLimiter(partition, _ => bucket!.ToOptions());
            });
        });
        return services;
    }

    private static (string? Partition, RateLimitOptions.Bucket? Bucket) PartitionOf(HttpContext http, RateLimitOptions options)
    {
        var path = http.Request.Path;
        // The probes and the sign-in page's files are never limited: an orchestrator must always reach them.
        if (path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz"))
        {
            return (null, null);
        }

        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (path.StartsWithSegments("/api/auth/signin"))
        {
            return ($"address:{address}", options.PerAddress);
        }

        var user = http.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return HttpMethods.IsGet(http.Request.Method) ? (null, null) : ($"address:{address}", options.PerAddress);
        }

        return user.FindFirstValue(SessionOpsClaims.AgentKeyId) is { } keyId
            ? ($"agent-key:{keyId}", options.PerAgentKey)
            : ($"user:{user.AccountId() ?? $"{user.FindFirstValue(SessionOpsClaims.Name)}/{user.FindFirstValue(SessionOpsClaims.Role)}"}", options.PerUser);
    }
}
