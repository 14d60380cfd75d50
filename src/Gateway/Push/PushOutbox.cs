using System.Collections.Concurrent;
using System.Threading.Channels;
using SessionOps.Gateway.Operations;

namespace SessionOps.Gateway.Push;

/// <summary>
/// Between the grains and the browsers: the observer hands each push to the outbox of its session and returns at once,
/// so that the Orleans client's message pump never waits for a browser. One sender drains the outboxes: it starts each
/// group send and does not wait for it, so a slow or dead connection holds up nobody (SignalR drops it at its send
/// timeout). Per session the latest board wins; the other events keep their order, at most
/// <see cref="MaxEventsPerSession"/> waiting (the oldest go first when a burst overflows it).
/// A session's points' changes of health go out one by one up to <c>Push:PointChangesPerSecond</c> (default 20); beyond
/// that, in the same second, only the board tells of them (it carries every point's health, and the pages take the newer
/// of the two). A fleet-wide change (a thousand points back online at once) to a thousand screens was otherwise a
/// million sends, which filled a gigabyte of socket buffers and paused the Gateway (docs/benchmarks.md, session 10).
/// </summary>
public sealed class PushOutbox(ILogger<PushOutbox> logger, TimeProvider clock, IConfiguration configuration) : BackgroundService
{
    public const int MaxEventsPerSession = 1000;

    private readonly int _pointChangesPerSecond = configuration.GetValue("Push:PointChangesPerSecond", 20);

    private readonly ConcurrentDictionary<string, Outgoing> _sessions = new(StringComparer.Ordinal);
    private readonly Channel<Outgoing> _ready = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The session's newest board replaces any board of it still waiting.</summary>
    public void Board(string sessionId, Func<Task> send) => Schedule(Of(sessionId).SetBoard(send));

    public void Event(string sessionId, Func<Task> send) => Schedule(Of(sessionId).AddEvent(send));

    /// <summary>A point's change of health: sent as an event within the session's budget, else told by the next board.</summary>
    public void PointChange(string sessionId, Func<Task> send)
    {
        var outgoing = Of(sessionId);
        if (outgoing.TakePointChange(clock.GetTimestamp(), clock.TimestampFrequency, _pointChangesPerSecond))
        {
            Schedule(outgoing.AddEvent(send));
        }
        else
        {
            GatewayMetrics.PointChangesLeftToBoard.Add(1);
        }
    }

    private Outgoing Of(string sessionId) => _sessions.GetOrAdd(sessionId, _ => new Outgoing());

    private void Schedule(Outgoing? outgoing)
    {
        if (outgoing is not null)
        {
            _ready.Writer.TryWrite(outgoing);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var outgoing in _ready.Reader.ReadAllAsync(stoppingToken))
            {
                foreach (var send in outgoing.TakeAll())
                {
                    Start(send);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Start(Func<Task> send)
    {
        try
        {
            var sending = send();
            if (!sending.IsCompleted)
            {
                _ = sending.ContinueWith(t => logger.LogDebug(t.Exception, "A push could not be sent"),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            else if (sending.IsFaulted)
            {
                logger.LogDebug(sending.Exception, "A push could not be sent");
            }
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "A push could not be started");
        }
    }

    /// <summary>One session's waiting pushes; scheduled for the sender once until it takes them.</summary>
    private sealed class Outgoing
    {
        private readonly Queue<Func<Task>> _events = new();
        private Func<Task>? _board;
        private bool _scheduled;
        private long _windowStart = long.MinValue;
        private int _pointChangesInWindow;

        /// <summary>Whether one more point change fits in this second's budget (counted if it does).</summary>
        public bool TakePointChange(long now, long perSecond, int budget)
        {
            lock (_events)
            {
                if (_windowStart == long.MinValue || now - _windowStart >= perSecond)
                {
                    _windowStart = now;
                    _pointChangesInWindow = 0;
                }

                if (_pointChangesInWindow >= budget)
                {
                    return false;
                }

                _pointChangesInWindow++;
                return true;
            }
        }

        /// <summary>Answers this outbox when the sender must be told of it, null when it is told already.</summary>
        public Outgoing? SetBoard(Func<Task> send)
        {
            lock (_events)
            {
                _board = send;
                return Mark();
            }
        }

        public Outgoing? AddEvent(Func<Task> send)
        {
            lock (_events)
            {
                if (_events.Count >= MaxEventsPerSession)
                {
                    _events.Dequeue();
                    GatewayMetrics.PushesDropped.Add(1);
                }

                _events.Enqueue(send);
                return Mark();
            }
        }

        /// <summary>The events in order, then the latest board.</summary>
        public List<Func<Task>> TakeAll()
        {
            lock (_events)
            {
                var all = new List<Func<Task>>(_events.Count + 1);
                all.AddRange(_events);
                _events.Clear();
                if (_board is not null)
                {
                    all.Add(_board);
                    _board = null;
                }

                _scheduled = false;
                return all;
            }
        }

        private Outgoing? Mark()
        {
            if (_scheduled)
            {
                return null;
            }

            _scheduled = true;
            return this;
        }
    }
}
