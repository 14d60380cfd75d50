namespace SessionOps.Gateway.Hosting;

/// <summary>
/// Trips when this Gateway loses a connection to one of the silos' gateways — what a silo's death looks like from here,
/// long before membership declares it. A call already sent may then wait for an answer that its silo took with it:
/// Orleans keeps waiting until its response timeout, so <see cref="Api.ClusterRetry"/> stops waiting soon after this
/// trips and treats the call as one whose outcome is unknown.
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
        Volatile.Write(ref _connected, currentNumberOfGateways);
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            Trip();
        }
    }

    public void NotifyClusterConnectionLost() => Trip();

    private void Trip()
    {
        var tripped = Interlocked.Exchange(ref _current, new CancellationTokenSource());
        // Not disposed: a request may still be registering on its token; a source without a timer holds nothing.
        tripped.Cancel();
    }
}
