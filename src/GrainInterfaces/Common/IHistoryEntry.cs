namespace SessionOps;

/// <summary>An entry of a history that piles up: when it happened, and the API request it came from (its <c>Idempotency-Key</c>).</summary>
public interface IHistoryEntry
{
    DateTimeOffset At { get; }

    string? RequestId { get; }
}
