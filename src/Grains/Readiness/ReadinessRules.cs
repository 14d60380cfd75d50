using SessionOps.ConnectionPoints;

namespace SessionOps.Readiness;

/// <summary>go, noGo or pending, from the checklist and the health of the session's connection points.</summary>
public static class ReadinessRules
{
    /// <summary>
    /// A dry run and a security sweep hold for their validity; after that the item is pending again, with its last check
    /// shown and marked expired.
    /// </summary>
    public static ReadinessItem Effective(ReadinessItem item, DateTimeOffset now, TimeSpan dryRunValidity, TimeSpan sweepValidity)
    {
        var validity = item.Item switch
        {
            ReadinessOptions.DryRun => dryRunValidity,
            ReadinessOptions.SecuritySweep => sweepValidity,
            _ => TimeSpan.MaxValue,
        };
        return item is { Status: CheckStatus.Pass or CheckStatus.Fail, At: { } at } && now - at > validity
            ? item with { Status = CheckStatus.Pending, Expired = true }
            : item;
    }

    public static bool IsDone(ReadinessItem item) => item.Status is CheckStatus.Pass or CheckStatus.Waived;

    /// <summary>
    /// go: every required item passed or was waived, and every point is online. noGo: a required item failed or a point
    /// is offline. pending: anything else. The percent counts done items of all items.
    /// </summary>
    public static (ReadinessState State, int Percent, string[] Blocking) Evaluate(
        IReadOnlyCollection<ReadinessItem> items, IEnumerable<(string Id, LinkHealth Health)> points)
    {
        var percent = items.Count == 0 ? 100 : items.Count(IsDone) * 100 / items.Count;
        var notOnline = points.Where(p => p.Health != LinkHealth.Online).ToArray();
        var blocking = items
            .Where(i => i.Required && !IsDone(i))
            .Select(i => $"{EnumText.Camel(i.TargetType)} {i.TargetId}: {i.Item} is {EnumText.Camel(i.Status)}{(i.Expired ? " (dry run expired)" : "")}")
            .Concat(notOnline.Select(p => $"connectionPoint {p.Id}: link is {EnumText.Camel(p.Health)}"))
            .ToArray();
        var noGo = items.Any(i => i.Required && i.Status == CheckStatus.Fail) || notOnline.Any(p => p.Health == LinkHealth.Offline);
        var state = noGo ? ReadinessState.NoGo : blocking.Length > 0 ? ReadinessState.Pending : ReadinessState.Go;
        return (state, percent, blocking);
    }

}
