using System.Security.Claims;
using SessionOps.ConnectionPoints;

namespace SessionOps.Gateway.Auth;

/// <summary>
/// An operator or leadership user with a <c>provinces</c> list sees and acts on those provinces' connection points
/// alone; everyone else on every point.
/// </summary>
public static class ProvinceScope
{
    public static bool IsScoped(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == SessionOpsClaims.Province);

    public static bool Covers(this ClaimsPrincipal user, string province) =>
        !user.IsScoped() || user.Provinces().Contains(province, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the user may act on each of <paramref name="pointIds"/>; asks the points only for a scoped user.</summary>
    public static async Task<bool> Covers(this ClaimsPrincipal user, IGrainFactory grains, IEnumerable<string> pointIds)
    {
        if (!user.IsScoped())
        {
            return true;
        }

        var points = await Task.WhenAll(pointIds.Distinct(StringComparer.Ordinal).Select(id => grains.GetGrain<IConnectionPointGrain>(id).Get()));
        return points.All(point => point is null || user.Covers(point.Province));
    }

    public static IResult OutOfScope() => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.",
        detail: "This connection point is outside the provinces you are responsible for.");
}

/// <summary>What a province-scoped reader sees of a board: their provinces' points, and the counts of those alone.</summary>
public static class ScopedBoards
{
    public static SessionOps.Boards.SessionBoard ForReader(this SessionOps.Boards.SessionBoard board, ClaimsPrincipal reader) =>
        reader.IsScoped() ? board.ForProvinces(reader.Provinces()) : board;

    public static SessionOps.Boards.SessionBoard ForProvinces(this SessionOps.Boards.SessionBoard board, IReadOnlyCollection<string> provinces)
    {
        var items = board.ConnectionPoints.Items.Where(p => provinces.Contains(p.Province, StringComparer.OrdinalIgnoreCase)).ToArray();
        int Count(LinkHealth health) => items.Count(i => i.Health == health);
        return board with
        {
            ConnectionPoints = new SessionOps.Boards.BoardConnectionPoints(items.Length, Count(LinkHealth.Online), Count(LinkHealth.Degraded),
                Count(LinkHealth.Offline), Count(LinkHealth.Unknown),
                items.Where(i => i.Health is LinkHealth.Degraded or LinkHealth.Offline).Sum(i => i.Delegates), items),
        };
    }
}
