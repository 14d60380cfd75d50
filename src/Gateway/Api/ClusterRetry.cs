using Orleans.Runtime.Messaging;
using SessionOps.Gateway.Hosting;

namespace SessionOps.Gateway.Api;

/// <summary>
/// While silos come and go (a rolling restart, a lost silo), a grain call can be refused because its silo is leaving or
/// gone — it surely did not run, and the next attempt finds the grain activated elsewhere — or time out because its silo
/// died with it, when nobody knows whether it ran. The Gateway tries again a few times what surely did not run, and
/// what is safe to run twice (reads, PUTs, which replace, and the routes marked <see cref="SafeToRepeat"/>); another POST
/// or DELETE that timed out is answered 503 and the client repeats it with its <c>Idempotency-Key</c>.
/// In a repeatable request a grain call still unanswered a second after this Gateway lost a connection to a silo counts
/// as timed out then, not at Orleans' response timeout (<see cref="StopWaitingAfterSiloLoss"/>). The delays between
/// tries cover the time membership takes to declare a dead silo dead (a few seconds, <c>Orleans:Membership:*</c>).
/// </summary>
public sealed class ClusterRetry(ILogger<ClusterRetry> logger, GatewayConnectionLoss loss) : IEndpointFilter
{
    private static readonly TimeSpan[] Delays =
    [
        TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2),
    ];

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var repeatable = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsPut(http.Request.Method) ||
            http.GetEndpoint()?.Metadata.GetMetadata<SafeToRepeat>() is not null;
        return Run(http, repeatable, () => next(context));
    }

    /// <summary>The same tries around a handler that runs without endpoint filters (the heartbeat routes).</summary>
    public async ValueTask<T> Run<T>(HttpContext http, bool repeatable, Func<ValueTask<T>> call)
    {
        var request = http.Request;
        // Embedded, no connection to lose: nothing to mark (the mark costs an execution context per request).
        if (repeatable && loss.Watching)
        {
            StopWaitingAfterSiloLoss.ForRepeatableRequest();
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception exception) when ((SurelyNotRun(exception) || (repeatable && Unknown(exception))) &&
                                              attempt < Delays.Length && !http.RequestAborted.IsCancellationRequested)
            {
                logger.LogInformation("{Method} {Path}: the cluster refused the call ({Reason}); trying again", request.Method,
                    request.Path, exception.GetType().Name);
                await Task.Delay(Delays[attempt], http.RequestAborted);
            }
        }
    }

    private static bool SurelyNotRun(Exception exception) =>
        exception is OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException ||
        (exception.InnerException is { } inner && SurelyNotRun(inner));

    private static bool Unknown(Exception exception) =>
        exception is TimeoutException || (exception.InnerException is { } inner && Unknown(inner));
}

/// <summary>A POST that the domain makes safe to run twice (heartbeats carry their seq): the Gateway may repeat it.</summary>
public sealed class SafeToRepeat;
