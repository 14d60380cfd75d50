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
/// A session's points' changes of health go out one by one while they cost this Gateway at most
/// <c>Push:PointChangeSendsPerSecond</c> (default 20,000) sends a second (a change costs one send per subscriber here);
/// beyond that, in the same second, only the board tells of them (it carries every point's health, and the pages take
/// the newer of the two). A fleet-wide change (a thousand points back online at once) to a thousand screens was
/// otherwise a million sends, which filled a gigabyte of socket buffers and paused the Gateway (docs/benchmarks.md,
/// session 10); a small sitting's changes never reach the budget.
/// A session's boards are paced by what they cost to send: after a board of <c>n</c> bytes to <c>k</c> connections the
/// next waits <c>n × k</c> / <c>Push:BoardBytesPerSecond</c> (default 50 MB/s), the newest board replacing a waiting one.
/// A board of 1,000 points to 1,000 screens is 200 MB of socket writes: four a second took the Gateway's core (a fleet
/// coming back online cut its ingest from 8,000 to 200 heartbeats a second). A small sitting waits milliseconds.
/// </summary>
public sealed class PushOutbox(ILogger<PushOutbox> logger, TimeProvider clock, IConfiguration configuration) : BackgroundService
{
    public const int MaxEventsPerSession = 1000;

    private readonly long _pointChangeSendsPerSecond = configuration.GetValue("Push:PointChangeSendsPerSecond", 20_000L);
    /// <summary>Zero or less: boards are not paced.</summary>
    private readonly double _boardBytesPerSecond = configuration.GetValue("Push:BoardBytesPerSecond", 50_000_000d);

    /// <summary>The longest a board waits, whatever its cost: a screen hears of its session at least this often.</summary>
    public static readonly TimeSpan MostBoardWait = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Outgoing> _sessions = new(StringComparer.Ordinal);
    private readonly Channel<Outgoing> _ready = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>
    /// The session's newest board replaces any board of it still waiting; <paramref name="bytes"/> is what sending it
    /// writes in all (its size times the connections it goes to), which sets how long the next one waits.
    /// </summary>
    public void Board(string sessionId, Func<Task> send, long bytes = 0) => Schedule(Of(sessionId).SetBoard(send, bytes));

    public void Event(string sessionId, Func<Task> send) => Schedule(Of(sessionId).AddEvent(send));

    /// <summary>
    /// A point's change of health to <paramref name="connections"/> connections: sent as an event within the session's
    /// budget of sends, else told by the next board. The first change of a second always goes.
    /// </summary>
    public void PointChange(string sessionId, Func<Task> send, int connections)
    {
        var outgoing = Of(sessionId);
        if (outgoing.TakePointChange(clock.GetTimestamp(), clock.TimestampFrequency, _pointChangeSendsPerSecond, connections))
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
                var (sends, boardWaits) = outgoing.TakeAll(clock.GetTimestamp(), clock.TimestampFrequency, _boardBytesPerSecond);
                foreach (var send in sends)
                {
                    Start(send);
                }

                if (boardWaits is { } wait)
                {
                    _ = SendBoardLater(outgoing, wait, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendBoardLater(Outgoing outgoing, TimeSpan wait, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(wait, clock, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "A board's wait failed; it is sent now");
        }

        // Whatever happened to the wait: a wake left set would hold the session's boards for good.
        Schedule(outgoing.BoardDue());
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
        private long _boardBytes;
        private bool _scheduled;

        /// <summary>When the next board may go (a timestamp), and whether a wake for it is set.</summary>
        private long _boardNotBefore = long.MinValue;
        private bool _boardWake;
        private long _windowStart = long.MinValue;
        private long _sendsInWindow;

        /// <summary>Whether a point change of <paramref name="cost"/> sends fits in this second's budget (counted if it does).</summary>
        public bool TakePointChange(long now, long perSecond, long budget, int cost)
        {
            lock (_events)
            {
                if (_windowStart == long.MinValue || now - _windowStart >= perSecond)
                {
                    _windowStart = now;
                    _sendsInWindow = 0;
                }

                if (_sendsInWindow > 0 && _sendsInWindow + cost > budget)
                {
                    return false;
                }

                _sendsInWindow += Math.Max(cost, 1);
                return true;
            }
        }

        /// <summary>Answers this outbox when the sender must be told of it, null when it is told already.</summary>
        public Outgoing? SetBoard(Func<Task> send, long bytes)
        {
            lock (_events)
            {
                _board = send;
                _boardBytes = bytes;
                // A board that must wait is sent by its wake; the sender is told only of one it may send now.
                return _boardWake ? null : Mark();
            }
        }

        /// <summary>The wake of a waiting board: the sender takes it now.</summary>
        public Outgoing? BoardDue()
        {
            lock (_events)
            {
                _boardWake = false;
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

        /// <summary>
        /// The events in order, then the latest board if its time has come; else how long until it has (the caller
        /// sets the wake).
        /// </summary>
        public (List<Func<Task>> Sends, TimeSpan? BoardWaits) TakeAll(long now, long perSecond, double boardBytesPerSecond)
        {
            lock (_events)
            {
                var all = new List<Func<Task>>(_events.Count + 1);
                all.AddRange(_events);
                _events.Clear();
                _scheduled = false;
                TimeSpan? waits = null;
                if (_board is not null && !_boardWake)
                {
                    if (_boardNotBefore != long.MinValue && now < _boardNotBefore)
                    {
                        _boardWake = true;
                        waits = TimeSpan.FromSeconds((double)(_boardNotBefore - now) / perSecond);
                    }
                    else
                    {
                        all.Add(_board);
                        _board = null;
                        var seconds = boardBytesPerSecond > 0 ? Math.Min(_boardBytes / boardBytesPerSecond, MostBoardWait.TotalSeconds) : 0;
                        _boardNotBefore = now + (long)(seconds * perSecond);
                    }
                }

                return (all, waits);
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
