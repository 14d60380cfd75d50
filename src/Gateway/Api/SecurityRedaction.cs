using System.Security.Claims;
using SessionOps.Gateway.Auth;
using SessionOps.Incidents;
using SessionOps.Readiness;

namespace SessionOps.Gateway.Api;

/// <summary>
/// What operators and leadership may know of security's work: that it was done, and how it came out; never a lodging's
/// name, a waypoint or a note that security wrote. Admins and security see everything.
/// </summary>
public static class SecurityRedaction
{
    public const string LodgingPlaceholder = "lodging";
    public const string VenuePlaceholder = "venue";

    public static SessionReadiness ForReader(this SessionReadiness readiness, ClaimsPrincipal reader) =>
        reader.SeesSecurityData() ? readiness : readiness with { Items = [.. readiness.Items.Select(Redacted)] };

    public static ReadinessItem Redacted(ReadinessItem item) => item with
    {
        TargetName = item.Private ? LodgingPlaceholder : item.TargetName,
        Note = item.Owner == CheckOwner.Security ? null : item.Note,
    };

    public static Incident ForReader(this Incident incident, ClaimsPrincipal reader) =>
        reader.SeesSecurityData() ? incident : Redacted(incident);

    /// <summary>A security incident as operators and leadership see it: its state and times, not what security wrote or where.</summary>
    public static Incident Redacted(Incident incident)
    {
        if (!incident.IsSecurity)
        {
            return incident;
        }

        var atVenue = incident.TargetType == "venue";
        var summary = !atVenue ? incident.Summary
            : incident.Summary.StartsWith(DeadlinePrefix, StringComparison.Ordinal) ? $"{DeadlinePrefix}: required security checks not done at a venue."
            : "A security finding at a venue.";
        return incident with
        {
            TargetName = atVenue ? VenuePlaceholder : incident.TargetName,
            Summary = summary,
            ResolutionNote = null,
            History = [.. incident.History.Select(e => e with { Note = null })],
        };
    }

    private const string DeadlinePrefix = "Readiness deadline passed";
}
