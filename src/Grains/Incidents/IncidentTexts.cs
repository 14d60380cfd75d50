using SessionOps.ConnectionPoints;

namespace SessionOps.Incidents;

/// <summary>An incident's summary, in plain words; the pages compose their own from the incident's fields in the user's language.</summary>
public static class IncidentTexts
{
    public static string PointSummary(ConnectionPoint point, int delegates) => (point.Health, delegates) switch
    {
        (LinkHealth.Offline, > 0) => $"{delegates} delegates at {point.Name} cannot be heard: the point is offline.",
        (LinkHealth.Offline, _) => $"{point.Name} is offline.",
        (_, > 0) => $"{delegates} delegates at {point.Name} may not be heard clearly: the link is degraded.",
        _ => $"The link of {point.Name} is degraded.",
    };

    public static string Recovered(ConnectionPoint point) => $"{point.Name} is back online.";
}
