using Orleans.Runtime.Messaging;
using SessionOps.Gateway.Hosting;

namespace SessionOps.Gateway.Api;

/// <summary>
/// While silos come and go (a rolling restart, a lost silo), a grain call can be refused because its silo is leaving or
/// gone — it surely did not run, and the next attempt finds the grain activated elsewhere — or time out because its silo
/// died with it, when nobody knows whether it ran. The Gateway tries again a few times what surely did not run, and
/// what is safe to run twice (reads, PUTs, which replace, and the routes marked <see cref="SafeToRepeat"/>); another POST
/// or DELETE that timed out is answered 503 and the client repeats it with its <c>Idempotency-Key</c>.
/// A call still unanswered <see cref="AfterLoss"/> after this Gateway lost a connection to a silo counts as timed out
/// then, not at Orleans' response timeout: its answer may have died with that silo. The delays between tries cover the
/// time membership takes to declare a dead silo dead (a few seconds, <c>Orleans:Membership:*</c>).
/// </summary>
public sealed class ClusterRetry(ILogger<ClusterRetry> logger, GatewayConnectionLoss loss) : IEndpointFilter
{
    private static readonly TimeSpan[] Delays =
    [
        TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2),
    ];

    /// <summary>Long enough for a call to a live silo to answer, short beside the few seconds a failover may take.</summary>
    public static readonly TimeSpan AfterLoss = TimeSpan.FromSeconds(1);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var repeatable = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsPut(request.Method) ||
            context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<SafeToRepeat>() is not null;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await UnlessLost(next(context));
            }
            catch (Exception exception) when ((SurelyNotRun(exception) || (repeatable && Unknown(exception))) &&
                                              attempt < Delays.Length && !context.HttpContext.RequestAborted.IsCancellationRequested)
            {
                logger.LogInformation("{Method} {Path}: the cluster refused the call ({Reason}); trying again", request.Method,
                    request.Path, exception.GetType().Name);
                await Task.Delay(Delays[attempt], context.HttpContext.RequestAborted);
            }
        }
    }

    private async ValueTask<object?> UnlessLost(ValueTask<object?> call)
    {
        if (!loss.Watching || call.IsCompleted)
        {
            return await call;
        }

        var pending = call.AsTask();
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Unregistered as soon as the call ends, so that the calls of a quiet day pile nothing up on the token.
        await using (loss.Next.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), lost))
        {
            if (await Task.WhenAny(pending, lost.Task) == pending)
            {
                return await pending;
            }
        }

        if (await Task.WhenAny(pending, Task.Delay(AfterLoss)) == pending)
        {
            return await pending;
        }

        // Left to finish or fail on its own; its failure is not news to anyone.
        _ = pending.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        throw new TimeoutException("A silo was lost while this call waited for its answer.");
    }

    private static bool SurelyNotRun(Exception exception) =>
        exception is OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException ||
        (exception.InnerException is { } inner && SurelyNotRun(inner));

    private static bool Unknown(Exception exception) =>
        exception is TimeoutException || (exception.InnerException is { } inner && Unknown(inner));
}

/// <summary>A POST that the domain makes safe to run twice (heartbeats carry their seq): the Gateway may repeat it.</summary>
public sealed class SafeToRepeat;
