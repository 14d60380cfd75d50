namespace SessionOps.Gateway.Hosting;

/// <summary>
/// Trips when this Gateway loses a connection to one of the silos' gateways — what a silo's death looks like from here,
/// long before membership declares it. A call already sent may then wait for an answer that its silo took with it:
/// Orleans keeps waiting until its response timeout, so <see cref="StopWaitingAfterSiloLoss"/> stops waiting soon
/// after this trips, for the calls of requests that are safe to repeat.
/// </summary>
public sealed class GatewayConnectionLoss : IClusterConnectionStatusObserver
{
    private CancellationTokenSource _current = new();
    private int _connected;

    /// <summary>Whether losses are watched at all: only a Gateway in cluster mode has connections to lose.</summary>
    public bool Watching { get; init; }

    /// <summary>Cancelled at the next loss after it was read.</summary>
    public CancellationToken Next => Volatile.Read(ref _current).Token;

    /// <summary>How many of the silos' gateways this Gateway is connected to now.</summary>
    public int Connected => Volatile.Read(ref _connected);

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        // Each notice is one connection opened or closed, told from that connection's own task: added up, not copied,
        // so that an open and a close told out of order still leave the right count.
        Interlocked.Add(ref _connected, currentNumberOfGateways - previousNumberOfGateways);
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            Trip();
        }
    }

    public void NotifyClusterConnectionLost() => Trip();

    private void Trip()
    {
        var tripped = Interlocked.Exchange(ref _current, new CancellationTokenSource());
        // Not disposed: a call may still be registering on its token; a source without a timer holds nothing.
        tripped.Cancel();
    }
}

/// <summary>
/// The grain calls of a request that is safe to repeat (<see cref="Api.ClusterRetry"/> says which) stop waiting
/// <see cref="AfterLoss"/> after the Gateway lost a connection to a silo, and fail as timed out: their answer may have
/// died with that silo, and the request is tried again. Only the call is left behind, never the request's handler.
/// Other requests wait for Orleans' own outcome: giving up on a write that may still run would invite running it twice.
/// </summary>
public sealed class StopWaitingAfterSiloLoss(GatewayConnectionLoss loss) : IOutgoingGrainCallFilter
{
    /// <summary>Long enough for a call to a live silo to answer, short beside the few seconds a failover may take.</summary>
    public static readonly TimeSpan AfterLoss = TimeSpan.FromSeconds(1);

    private static readonly AsyncLocal<bool> Repeatable = new();

    /// <summary>Marks the calls made from here on, in this flow, as those of a request that is safe to repeat.</summary>
    public static void ForRepeatableRequest() => Repeatable.Value = true;

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (!Repeatable.Value)
        {
            await context.Invoke();
            return;
        }

        // Read before the call leaves: a loss while it is being sent counts.
        var lost = loss.Next;
        var call = context.Invoke();
        if (call.IsCompleted)
        {
            await call;
            return;
        }

        var tripped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Unregistered as soon as the call ends, so that the calls of a quiet day pile nothing up on the token.
        await using (lost.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), tripped))
        {
            if (await Task.WhenAny(call, tripped.Task) == call)
            {
                await call;
                return;
            }
        }

        if (await Task.WhenAny(call, Task.Delay(AfterLoss)) == call)
        {
            await call;
            return;
        }

        // Left to finish or fail on its own; its failure is not news to anyone.
        _ = call.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        throw new TimeoutException($"A silo was lost while {context.InterfaceName}.{context.MethodName} waited for its answer.");
    }
}
