using SessionOps.Gateway.DemoData;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Pages;

/// <summary>A Gateway with the demo parliament and today's sittings, for the pages to show.</summary>
public class DemoGatewayFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public GatewayHost Host { get; private set; } = null!;

    /// <summary>Short enough that silence shows within a test, long enough that a test's own burst decides first.</summary>
    protected virtual TimeSpan OfflineAfter => TimeSpan.FromSeconds(5);

    public static string Plenary => DemoDataSet.SessionsOn(ParliamentTime.Today(TimeProvider.System))[0].Id;

    /// <summary>The demo's sittings of today: the hybrid plenary, then the two Standing Committee sittings.</summary>
    public static IReadOnlyList<(string Id, SessionOps.Sessions.SessionSpec Spec)> Today => DemoDataSet.SessionsOn(ParliamentTime.Today(TimeProvider.System));

    /// <summary>
    /// Tomorrow's sittings: still ahead at any hour the tests run, for what counts only for sittings not yet over (a
    /// route check, a sweep; their validity is two days here so that tomorrow's are always within it).
    /// </summary>
    public static IReadOnlyList<(string Id, SessionOps.Sessions.SessionSpec Spec)> Tomorrow =>
        DemoDataSet.SessionsOn(ParliamentTime.Today(TimeProvider.System).AddDays(1));

    public static IReadOnlyList<string> TodaysSessions => DemoDataSet.SessionsOn(ParliamentTime.Today(TimeProvider.System)).Select(s => s.Id).ToArray();

    public async Task InitializeAsync() => Host = await GatewayHost.Start(_directory.File("pages.db"), settings: new Dictionary<string, string?>
    {
        ["DemoData"] = "true",
        ["Health:OfflineAfter"] = OfflineAfter.ToString(),
        ["Security:RouteCheckValidity"] = "2.00:00:00",
        ["Security:SweepValidity"] = "2.00:00:00",
        // Off in the embedded default; the dashboard's page tests open it here.
        ["Dashboard:Enabled"] = "true",
    });

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>For the screenshots: points stay as the test left them while it takes its pictures.</summary>
public sealed class ScreenshotGatewayFixture : DemoGatewayFixture
{
    protected override TimeSpan OfflineAfter => TimeSpan.FromMinutes(10);
}
