using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionOps.Catalogs;
using SessionOps.ConnectionPoints;
using SessionOps.Incidents;
using SessionOps.Operations;
using SessionOps.Sessions;

namespace SessionOps.Notifications;

/// <summary>One notification for one channel, until it is delivered or given up.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.PendingDelivery")]
public sealed record PendingDelivery(
    [property: Id(0)] string ChannelId,
    [property: Id(1)] Notification Notification,
    [property: Id(2)] DateTimeOffset Since,
    [property: Id(3)] DateTimeOffset NextAttemptAt,
    [property: Id(4)] int FailedAttempts = 0,
    [property: Id(5)] DateTimeOffset? FirstFailedAt = null)
{
    public string Id => $"{Notification.Id}/{ChannelId}";
}

/// <summary>An open incident to escalate at <see cref="DueAt"/> if nobody has acknowledged it by then.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.EscalationWatch")]
public sealed record EscalationWatch(
    [property: Id(0)] string IncidentId,
    [property: Id(1)] DateTimeOffset DueAt);

[GenerateSerializer, Alias("SessionOps.NotificationOutboxState")]
public sealed class NotificationOutboxState
{
    [Id(0)] public List<PendingDelivery> Deliveries { get; set; } = [];

    [Id(1)] public List<EscalationWatch> Watches { get; set; } = [];

    /// <summary>The ids of the notifications raised lately, so that a fact raised twice (a retried call) is told once.</summary>
    [Id(2)] public List<string> Recent { get; set; } = [];

    public NotificationOutboxState Copy() => new() { Deliveries = [.. Deliveries], Watches = [.. Watches], Recent = [.. Recent] };
}

/// <summary>
/// The cluster's notification outbox (one activation, key <see cref="INotificationOutboxGrain.Key"/>). A raise is
/// fanned out to the channels that want it and written before it returns; a timer sends what is due, each attempt on
/// the thread pool so that a slow receiver never holds the grain, and each outcome comes back as a call
/// (<see cref="Attempted"/>) that moves the delivery on. A reminder wakes it after its silo is lost.
/// </summary>
public sealed class NotificationOutboxGrain(
    [PersistentState("outbox", StorageNames.Main)] IPersistentState<NotificationOutboxState> state,
    INotificationSender sender,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    ILogger<NotificationOutboxGrain> logger) : Grain, INotificationOutboxGrain, IRemindable
{
    private const string ReminderName = "outbox";
    private const int RecentKept = 5000;

    /// <summary>At most this many attempts to one channel at a time: a receiver that hangs holds up itself alone.</summary>
    private const int PerChannel = 2;

    /// <summary>Attempts this activation has started and not yet heard back from (by delivery id, with the channel);
    /// lost with it, and so sent again.</summary>
    private readonly Dictionary<string, string> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Deliveries whose outcome could not be written: not tried again before this, so that a storage failure
    /// does not turn into a flood of attempts.</summary>
    private readonly Dictionary<string, DateTimeOffset> _heldUntil = new(StringComparer.Ordinal);
    private bool? _reminded;

    private NotificationOptions Options => options.Value;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(_ => SendDue(), new GrainTimerCreationOptions(Options.PollInterval, Options.PollInterval) { KeepAlive = true });
        SessionOpsMetrics.NotificationsPending(state.State.Deliveries.Count);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        SessionOpsMetrics.NotificationsPending(0);
        return Task.CompletedTask;
    }

    public async Task Raise(Notification notification)
    {
        if (state.State.Recent.Contains(notification.Id))
        {
            return;
        }

        var told = await Complete(notification);
        var channels = await Channels();
        await Change(next =>
        {
            Enqueue(next, told, channels.Where(channel => channel.Spec.Wants(told)));
            if (told is { Event: NotificationEvent.IncidentOpened, Incident: { State: IncidentState.Open } incident })
            {
                next.Watches.Add(new EscalationWatch(incident.Id, incident.OpenedAt + Options.EscalateAfter));
            }
            else if (told is { Event: NotificationEvent.IncidentResolved, Incident: { } resolved })
            {
                next.Watches.RemoveAll(watch => watch.IncidentId == resolved.Id);
            }

            Remember(next, told.Id);
        });
    }

    public async Task<CommandResult> SendTest(string channelId, Actor by)
    {
        if (await GrainFactory.GetGrain<INotificationChannelGrain>(channelId).Get() is not { } channel)
        {
            return CommandResult.NotFound($"There is no notification channel '{channelId}'.");
        }

        var test = new Notification($"test-{Guid.NewGuid():N}", NotificationEvent.Test, clock.GetUtcNow(), Severity: null, Provinces: [],
            Session: null, Incident: null);
        logger.LogInformation("{By} asked for a test notification on channel {Channel}", by.Name, channelId);
        await Change(next => Enqueue(next, test, [channel]));
        return CommandResult.Ok;
    }

    public Task<int> Pending(string? channelId) =>
        Task.FromResult(state.State.Deliveries.Count(d => channelId is null || d.ChannelId == channelId));

    public Task Wake() => Task.CompletedTask;

    public async Task Attempted(string deliveryId, DeliveryOutcome outcome, string? failure)
    {
        _inFlight.Remove(deliveryId);
        var delivery = state.State.Deliveries.Find(d => d.Id == deliveryId);
        if (delivery is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        // The time of retrying counts from the first failure, not from the raise: an outbox that was down does not
        // make a receiver lose its hour.
        var firstFailed = delivery.FirstFailedAt ?? now;
        if (outcome == DeliveryOutcome.Failed && now - firstFailed >= Options.GiveUpAfter)
        {
            outcome = DeliveryOutcome.Abandoned;
            failure = $"Given up after {delivery.FailedAttempts + 1} attempts since {firstFailed:u}: {failure}";
        }

        try
        {
            await Change(next =>
            {
                next.Deliveries.RemoveAll(d => d.Id == deliveryId);
                if (outcome == DeliveryOutcome.Failed)
                {
                    var failed = delivery.FailedAttempts + 1;
                    next.Deliveries.Add(delivery with { FailedAttempts = failed, FirstFailedAt = firstFailed, NextAttemptAt = now + Options.RetryAfter(failed) });
                }
            });
        }
        catch (Exception exception)
        {
            _heldUntil[deliveryId] = now + Options.RetryAfter(delivery.FailedAttempts + 1);
            logger.LogWarning(exception, "The outcome of notification {Delivery} could not be written; it is tried again later", deliveryId);
            return;
        }

        _heldUntil.Remove(deliveryId);

        var channel = GrainFactory.GetGrain<INotificationChannelGrain>(delivery.ChannelId);
        var kind = new KeyValuePair<string, object?>("kind", (await channel.Get())?.Spec.Kind.ToString().ToLowerInvariant() ?? "deleted");
        switch (outcome)
        {
            case DeliveryOutcome.Delivered:
                SessionOpsMetrics.NotificationsSent.Add(1, kind, new KeyValuePair<string, object?>("event", EnumText.Camel(delivery.Notification.Event)));
                break;
            case DeliveryOutcome.Failed:
                SessionOpsMetrics.NotificationFailures.Add(1, kind);
                logger.LogWarning("Notification {Notification} to channel {Channel} failed (attempt {Attempt}), tried again later: {Failure}",
                    delivery.Notification.Id, delivery.ChannelId, delivery.FailedAttempts + 1, failure);
                break;
            default:
                SessionOpsMetrics.NotificationsAbandoned.Add(1, kind);
                logger.LogError("Notification {Notification} to channel {Channel} given up: {Failure}", delivery.Notification.Id, delivery.ChannelId, failure);
                break;
        }

        try
        {
            await channel.Attempted(outcome, now, failure);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Channel {Channel}'s status did not take the outcome of {Delivery}", delivery.ChannelId, deliveryId);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminded = true;
        await FollowWithReminder();
    }

    /// <summary>The timer: escalations that are due, then as many due deliveries as there is room for.</summary>
    private async Task SendDue()
    {
        var now = clock.GetUtcNow();
        try
        {
            await Escalate(now);
        }
        catch (Exception exception)
        {
            // Escalations are tried again at the next tick; deliveries go on meanwhile.
            logger.LogWarning(exception, "Escalations could not be checked; trying again");
        }

        var room = Options.Parallelism - _inFlight.Count;
        if (room <= 0)
        {
            return;
        }

        var busy = _inFlight.Values.GroupBy(channel => channel).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var due = new List<PendingDelivery>();
        foreach (var delivery in state.State.Deliveries.Where(d => d.NextAttemptAt <= now && !_inFlight.ContainsKey(d.Id) &&
                                                                   !(_heldUntil.TryGetValue(d.Id, out var held) && held > now))
                     .OrderBy(d => d.NextAttemptAt))
        {
            if (due.Count == room)
            {
                break;
            }

            if (busy.GetValueOrDefault(delivery.ChannelId) < PerChannel)
            {
                busy[delivery.ChannelId] = busy.GetValueOrDefault(delivery.ChannelId) + 1;
                due.Add(delivery);
            }
        }

        var gone = new List<string>();
        var self = this.AsReference<INotificationOutboxGrain>();
        foreach (var delivery in due)
        {
            NotificationChannel? channel;
            try
            {
                channel = await GrainFactory.GetGrain<INotificationChannelGrain>(delivery.ChannelId).Get();
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Channel {Channel} could not be read; its delivery waits for the next tick", delivery.ChannelId);
                continue;
            }

            if (channel is null)
            {
                gone.Add(delivery.Id);
                continue;
            }

            _inFlight[delivery.Id] = delivery.ChannelId;
            // Off the grain's scheduler: the attempt may take as long as the receiver does, and the grain answers
            // raises meanwhile. Its outcome comes back as a call, in turn with everything else.
            _ = Task.Run(() => Attempt(self, channel, delivery));
        }

        if (gone.Count > 0)
        {
            // The channel was deleted: what it was owed goes with it.
            await Change(next => next.Deliveries.RemoveAll(d => gone.Contains(d.Id)));
        }
    }

    private async Task Attempt(INotificationOutboxGrain self, NotificationChannel channel, PendingDelivery delivery)
    {
        DeliveryResult result;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            result = await sender.Send(channel, delivery.Notification, timeout.Token);
        }
        catch (Exception exception)
        {
            result = DeliveryResult.Retry(exception.Message);
        }

        try
        {
            await self.Attempted(delivery.Id, result.Outcome, result.Failure);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "The outcome of notification {Delivery} could not be recorded; it will be sent again", delivery.Id);
        }
    }

    private async Task Escalate(DateTimeOffset now)
    {
        var due = state.State.Watches.Where(w => w.DueAt <= now).ToArray();
        if (due.Length == 0)
        {
            return;
        }

        var channels = await Channels();
        var escalations = new List<Notification>();
        var settled = new List<EscalationWatch>();
        foreach (var watch in due)
        {
            try
            {
                if (await GrainFactory.GetGrain<IIncidentGrain>(watch.IncidentId).Get() is { State: IncidentState.Open } incident)
                {
                    escalations.Add(await Complete(new Notification($"escalated-{incident.Id}", NotificationEvent.IncidentEscalated, now,
                        incident.Severity, [], Session: null, NotifiedIncident.Of(incident))));
                }

                settled.Add(watch);
            }
            catch (Exception exception)
            {
                // One incident that cannot be read holds up no other; this one is looked at again next tick.
                logger.LogWarning(exception, "Incident {Incident} could not be checked for escalation; trying again", watch.IncidentId);
            }
        }

        if (settled.Count == 0)
        {
            return;
        }

        await Change(next =>
        {
            next.Watches.RemoveAll(w => settled.Contains(w));
            foreach (var escalation in escalations.Where(e => !next.Recent.Contains(e.Id)))
            {
                Enqueue(next, escalation, channels.Where(channel => channel.Spec.Wants(escalation)));
                Remember(next, escalation.Id);
            }
        });
    }

    private void Enqueue(NotificationOutboxState next, Notification notification, IEnumerable<NotificationChannel> channels)
    {
        var now = clock.GetUtcNow();
        foreach (var channel in channels)
        {
            next.Deliveries.Add(new PendingDelivery(channel.Id, notification, now, now));
        }
    }

    private static void Remember(NotificationOutboxState next, string id)
    {
        next.Recent.Add(id);
        if (next.Recent.Count > RecentKept)
        {
            next.Recent.RemoveRange(0, next.Recent.Count - RecentKept);
        }
    }

    /// <summary>Applies a change to a copy and makes it the state once storage holds it; a failed write changes nothing.</summary>
    private async Task Change(Action<NotificationOutboxState> change)
    {
        var next = state.State.Copy();
        change(next);
        await state.Commit(next);
        SessionOpsMetrics.NotificationsPending(next.Deliveries.Count);
        await FollowWithReminder();
    }

    /// <summary>A reminder while anything waits, so that a lost silo's outbox is woken elsewhere; none when idle.</summary>
    private async Task FollowWithReminder()
    {
        var wanted = state.State.Deliveries.Count > 0 || state.State.Watches.Count > 0;
        try
        {
            _reminded ??= await this.GetReminder(ReminderName) is not null;
            if (wanted && _reminded == false)
            {
                await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
                _reminded = true;
            }
            else if (!wanted && _reminded == true && await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
                _reminded = false;
            }
        }
        catch (Exception exception)
        {
            _reminded = null;
            logger.LogWarning(exception, "The outbox's reminder could not follow its deliveries; the next change tries again");
        }
    }

    private async Task<NotificationChannel[]> Channels()
    {
        var ids = await GrainFactory.GetGrain<ICatalogGrain>(Catalog.NotificationChannels).List();
        var channels = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<INotificationChannelGrain>(id).Get()));
        return [.. channels.OfType<NotificationChannel>()];
    }

    /// <summary>What the grain that raised it left out: the sitting, and the provinces the notification concerns.</summary>
    private async Task<Notification> Complete(Notification notification)
    {
        var sessionId = notification.Session?.Id ?? notification.Incident?.SessionId;
        var session = sessionId is null ? null : await GrainFactory.GetGrain<ISessionGrain>(sessionId).Get();
        var told = notification.Session ?? (session is null
            ? null
            : new NotifiedSession(session.Id, session.Title, session.Kind, session.Phase, session.ScheduledStart));

        string[] provinces;
        if (notification.Incident is { } incident)
        {
            // A point's incident concerns its province. Security's (routes, venues) and the hall's concern no province:
            // they reach only the channels that hear of the whole country, never a province's technicians.
            var province = incident.TargetType == "connectionPoint"
                ? (await GrainFactory.GetGrain<IConnectionPointGrain>(incident.TargetId).Get())?.Province
                : null;
            provinces = province is null ? [] : [province];
            return notification with { Session = told, Provinces = provinces, Incident = incident with { Province = province } };
        }

        var points = await Task.WhenAll((session?.ConnectionPointIds ?? []).Select(id => GrainFactory.GetGrain<IConnectionPointGrain>(id).Get()));
        provinces = [.. points.OfType<ConnectionPoint>().Select(p => p.Province).Distinct(StringComparer.OrdinalIgnoreCase)];
        return notification with { Session = told, Provinces = provinces };
    }
}
