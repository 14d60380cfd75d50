using System.Diagnostics.Metrics;

namespace SessionOps.Operations;

/// <summary>The project's own instruments, on the <c>SessionOps</c> meter beside Orleans' and ASP.NET Core's.</summary>
public static class SessionOpsMetrics
{
    public const string MeterName = "SessionOps";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> HealthTransitions =
        Meter.CreateCounter<long>("sessionops.health.transitions", description: "Changes of a connection point's health, by from and to.");

    public static readonly Counter<long> IncidentsOpened =
        Meter.CreateCounter<long>("sessionops.incidents.opened", description: "Incidents opened, by kind.");

    public static readonly Counter<long> IncidentsResolved =
        Meter.CreateCounter<long>("sessionops.incidents.resolved", description: "Incidents resolved, by kind.");

    /// <summary>Opened minus resolved in this process; summed over the silos it is the number open since they started.</summary>
    public static readonly UpDownCounter<long> IncidentsOpen =
        Meter.CreateUpDownCounter<long>("sessionops.incidents.open", description: "Incidents open (opened minus resolved since the process started).");
}
