using Microsoft.Extensions.Options;

namespace SessionOps.Readiness;

/// <summary>One kind of item on a checklist, as configuration names it.</summary>
public sealed class ChecklistItemOptions
{
    public string Item { get; set; } = "";

    public bool Required { get; set; } = true;

    public CheckOwner Owner { get; set; } = CheckOwner.Technical;
}

/// <summary>
/// The <c>Readiness:*</c> configuration: which items every connection point, the hall and every venue of a session
/// get, which are required, the deadline before the start, and how long a dry run holds. A list set in configuration
/// replaces its default.
/// </summary>
public sealed class ReadinessOptions
{
    public const string DryRun = "dryRun";
    public const string SecuritySweep = "securitySweep";

    public List<ChecklistItemOptions> ConnectionPointItems { get; set; } = [];

    public List<ChecklistItemOptions> HallItems { get; set; } = [];

    public List<ChecklistItemOptions> VenueItems { get; set; } = [];

    public TimeSpan DeadlineBeforeStart { get; set; } = TimeSpan.FromHours(2);

    public TimeSpan DryRunValidity { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>Fills the lists that configuration left empty with the defaults the Office works to.</summary>
public sealed class ReadinessDefaults : IPostConfigureOptions<ReadinessOptions>
{
    public void PostConfigure(string? name, ReadinessOptions options)
    {
        if (options.ConnectionPointItems.Count == 0)
        {
            options.ConnectionPointItems =
            [
                Technical("networkLink"), Technical("primaryVideo"), Technical("backupVideo"), Technical("audioInOut"),
                Technical("recording"), Technical("backupPower"), Technical("operatorOnSite"), Technical(ReadinessOptions.DryRun),
            ];
        }

        if (options.HallItems.Count == 0)
        {
            options.HallItems = [Technical("avSystem"), Technical("interpretation"), Technical("recording")];
        }

        if (options.VenueItems.Count == 0)
        {
            options.VenueItems = [new ChecklistItemOptions { Item = ReadinessOptions.SecuritySweep, Owner = CheckOwner.Security }];
        }
    }

    private static ChecklistItemOptions Technical(string item) => new() { Item = item };
}
