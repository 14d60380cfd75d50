namespace SessionOps.Notifications;

/// <summary><c>Notifications:*</c>: when an unacknowledged incident escalates, and how deliveries are retried.</summary>
public sealed class NotificationOptions
{
    /// <summary>An incident nobody acknowledged this long after it opened sends <c>incidentEscalated</c>.</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait after a first failed attempt; each next wait doubles, up to <see cref="MaxRetryInterval"/>.</summary>
    public TimeSpan FirstRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A delivery still failing this long after its first attempt is given up (at least an hour of retries).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How often the sender looks for deliveries that are due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts under way at once; one receiver that hangs holds one of them for the attempt's timeout.</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>The pages' address, for the links in e-mails (<c>https://sessionops.example.vn</c>); none when unset.</summary>
    public string? PublicUrl { get; set; }

    public TimeSpan RetryAfter(int failedAttempts) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryInterval.Ticks, FirstRetryAfter.Ticks * (1L << Math.Min(failedAttempts - 1, 20))));
}

/// <summary>Sends one notification to one channel, once; the outbox decides about retries.</summary>
public interface INotificationSender
{
    Task<DeliveryResult> Send(NotificationChannel channel, Notification notification, CancellationToken cancellationToken);
}

public readonly record struct DeliveryResult(DeliveryOutcome Outcome, string? Failure = null)
{
    public static DeliveryResult Delivered { get; } = new(DeliveryOutcome.Delivered);

    public static DeliveryResult Retry(string why) => new(DeliveryOutcome.Failed, why);

    public static DeliveryResult Refused(string why) => new(DeliveryOutcome.Abandoned, why);
}
