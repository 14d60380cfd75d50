using System.Globalization;

namespace SessionOps.Gateway.Api;

/// <summary>
/// <c>?limit=&amp;after=</c> on the list routes: the ids in order, those after <c>after</c>, at most <c>limit</c>
/// (1 to <see cref="MaxLimit"/>); a <c>Link: &lt;…&gt;; rel="next"</c> header names the next page while there is one. The
/// body stays an array of the resources. Without <c>limit</c> a list is whole, as before. Paging happens on the ids,
/// before any grain is asked, so a page costs its own size.
/// </summary>
public static class Paging
{
    public const int MaxLimit = 1000;

    /// <summary>
    /// For lists whose own order means something (a sitting's delegates as its roster lists them): the page the request
    /// asks for in id order, or, asked for no page, the whole list in its own order.
    /// </summary>
    public static (string[] Page, IResult? Problem) PageOrWhole(HttpContext http, IReadOnlyList<string> ids) =>
        http.Request.Query.ContainsKey("limit") || http.Request.Query.ContainsKey("after") ? Page(http, ids) : ([.. ids], null);

    /// <summary>The page of <paramref name="ids"/> the request asks for, or a problem when its parameters are not valid.</summary>
    public static (string[] Page, IResult? Problem) Page(HttpContext http, IEnumerable<string> ids)
    {
        var query = http.Request.Query;
        var check = new Validator();
        int? limit = null;
        if (query.TryGetValue("limit", out var limitText))
        {
            if (int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= MaxLimit)
            {
                limit = parsed;
            }
            else
            {
                check.Add("limit", $"limit is a number from 1 to {MaxLimit}.");
            }
        }

        var after = query.TryGetValue("after", out var afterText) ? check.Id(afterText, "after") : null;
        if (check.HasErrors)
        {
            return ([], check.Problem());
        }

        var ordered = ids.Order(StringComparer.Ordinal).Where(id => after is null || string.CompareOrdinal(id, after) > 0);
        if (limit is not { } size)
        {
            return ([.. ordered], null);
        }

        var page = ordered.Take(size + 1).ToArray();
        if (page.Length <= size)
        {
            return (page, null);
        }

        page = page[..size];
        var next = $"{http.Request.PathBase}{http.Request.Path}?limit={size}&after={Uri.EscapeDataString(page[^1])}";
        foreach (var (key, value) in query.Where(q => q.Key is not "limit" and not "after"))
        {
            next += $"&{Uri.EscapeDataString(key)}={Uri.EscapeDataString(value.ToString())}";
        }

        http.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        return (page, null);
    }
}
