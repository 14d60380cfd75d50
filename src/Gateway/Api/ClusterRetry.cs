using Orleans.Runtime.Messaging;
namespace SessionOps.Gateway.Api;

/// <summary>
/// While silos come and go (a rolling restart, a lost silo), a grain call can be refused because its silo is leaving
/// or gone, or time out because its silo died with it; the next attempt finds the grain activated elsewhere. The handlers are safe to run again — set-up is
/// idempotent, heartbeats carry their seq, a repeated phase or acknowledgement is a no-op — so the Gateway tries again
/// a few times before it answers 503.
/// </summary>
public sealed class ClusterRetry(ILogger<ClusterRetry> logger) : IEndpointFilter
{
    private static readonly TimeSpan[] Delays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await next(context);
            }
            catch (Exception exception) when (IsTransient(exception) && attempt < Delays.Length && !context.HttpContext.RequestAborted.IsCancellationRequested)
            {
                logger.LogInformation("{Method} {Path}: the cluster refused the call ({Reason}); trying again", context.HttpContext.Request.Method,
                    context.HttpContext.Request.Path, exception.GetType().Name);
                await Task.Delay(Delays[attempt], context.HttpContext.RequestAborted);
            }
        }
    }

    private static bool IsTransient(Exception exception) =>
        exception is OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException or TimeoutException ||
        (exception.InnerException is { } inner && IsTransient(inner));
}
