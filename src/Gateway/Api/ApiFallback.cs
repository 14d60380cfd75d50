using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;

namespace SessionOps.Gateway.Api;

/// <summary>
/// What <c>/api</c> answers when routing finds no endpoint: 404 for a path no route has, 405 (with <c>Allow</c>) for a
/// path whose routes take other methods, and 415 for a route that exists but reads another media type. Routing drops
/// such routes itself and would answer 405 or 415, but the fallback is still a candidate and wins: without this, a CSV
/// sent to a JSON route, or a GET of a route that only takes POST, read "no such route".
/// </summary>
public sealed class ApiFallback(EndpointDataSource endpoints)
{
    private readonly Lazy<Route[]> _routes = new(() => [.. endpoints.Endpoints.OfType<RouteEndpoint>()
        // The API's own routes: not the pages' catch-all, which takes any path with GET.
        .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is { HttpMethods.Count: > 0 } &&
                    !e.RoutePattern.Parameters.Any(p => p.IsCatchAll) &&
                    e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
        .Select(e => new Route(
            e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods,
            e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? [],
            new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary())))]);

    public IResult Answer(HttpContext http)
    {
        var request = http.Request;
        var routes = _routes.Value.Where(r => r.Matcher.TryMatch(request.Path, [])).ToArray();
        if (routes.Length == 0)
        {
            return NotFound();
        }

        var route = routes.FirstOrDefault(r => r.Methods.Contains(request.Method, StringComparer.OrdinalIgnoreCase));
        if (route is null)
        {
            var allowed = routes.SelectMany(r => r.Methods).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray();
            http.Response.Headers.Allow = string.Join(", ", allowed);
            return TypedResults.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed.",
                detail: $"This route takes {string.Join(" or ", allowed)}, not {request.Method}.");
        }

        if (route.MediaTypes.Count == 0)
        {
            return NotFound();
        }

        // The route's own answer to a caller without a sign-in comes first, as it would with the right Content-Type.
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return Results.Challenge();
        }

        var given = string.IsNullOrEmpty(request.ContentType) ? "none" : request.ContentType;
        return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.",
            detail: $"This route reads {string.Join(" or ", route.MediaTypes)}; the request's Content-Type is {given}.");
    }

    private static IResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: "There is no such route in the API.");

    private sealed record Route(IReadOnlyList<string> Methods, IReadOnlyList<string> MediaTypes, TemplateMatcher Matcher);
}
