using SessionOps.Catalogs;

namespace SessionOps.Notifications;

[GenerateSerializer, Alias("SessionOps.NotificationChannelState")]
public sealed class NotificationChannelState
{
    [Id(0)] public NotificationChannel? Channel { get; set; }
}

/// <summary>One channel: its set-up by an admin, and how its deliveries went (told by the outbox).</summary>
public sealed class NotificationChannelGrain(
    [PersistentState("channel", StorageNames.Main)] IPersistentState<NotificationChannelState> state,
    TimeProvider clock) : Grain, INotificationChannelGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<CommandResult> Define(ChannelSpec spec, Actor by)
    {
        if (state.State.Channel is { } existing && existing.Spec.SameAs(spec))
        {
            // A retried PUT whose first try stopped between the two writes: the catalog is what raises fan out over.
            await GrainFactory.GetGrain<ICatalogGrain>(Catalog.NotificationChannels).Add(Id);
            return CommandResult.Ok;
        }

        // A changed target or kind starts a clean record: the old one's failures were someone else's receiver.
        var status = state.State.Channel is { } known && known.Spec.Target == spec.Target && known.Spec.Kind == spec.Kind
            ? known.Status
            : ChannelStatus.None;
        await state.Commit(new NotificationChannelState { Channel = new NotificationChannel(Id, spec, status, clock.GetUtcNow(), by.Name) });
        await GrainFactory.GetGrain<ICatalogGrain>(Catalog.NotificationChannels).Add(Id);
        return CommandResult.Ok;
    }

    public Task<NotificationChannel?> Get() => Task.FromResult(state.State.Channel);

    public async Task<CommandResult> Delete()
    {
        if (state.State.Channel is null)
        {
            return CommandResult.NotFound($"There is no notification channel '{Id}'.");
        }

        await GrainFactory.GetGrain<ICatalogGrain>(Catalog.NotificationChannels).Remove(Id);
        await state.ClearStateAsync();
        state.State = new NotificationChannelState();
        DeactivateOnIdle();
        return CommandResult.Ok;
    }

    public async Task Attempted(DeliveryOutcome outcome, DateTimeOffset at, string? failure)
    {
        if (state.State.Channel is not { } channel)
        {
            return;
        }

        var status = channel.Status;
        status = outcome switch
        {
            DeliveryOutcome.Delivered => status with { LastDeliveredAt = at, Delivered = status.Delivered + 1 },
            DeliveryOutcome.Failed => status with { LastFailedAt = at, LastFailure = failure, Failed = status.Failed + 1 },
            _ => status with { LastFailedAt = at, LastFailure = failure, Abandoned = status.Abandoned + 1 },
        };
        await state.Commit(new NotificationChannelState { Channel = channel with { Status = status } });
    }
}
