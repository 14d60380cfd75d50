using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;

namespace SessionOps.Gateway.Api;

/// <summary>
/// What <c>/api</c> answers when routing finds no endpoint: 404 for a path or method no route has, and 415 for a route
/// that exists but reads another media type. Routing drops such a route on its Content-Type and would answer 415
/// itself, but the fallback is still a candidate and wins: without this, a CSV sent to a JSON route read "no such route".
/// </summary>
public sealed class ApiFallback(EndpointDataSource endpoints)
{
    private readonly Lazy<Route[]> _routes = new(() => [.. endpoints.Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 } && e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
        .Select(e => new Route(
            e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods,
            e.Metadata.GetMetadata<IAcceptsMetadata>()!.ContentTypes,
            new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary())))]);

    public IResult Answer(HttpContext http)
    {
        var request = http.Request;
        var route = _routes.Value.FirstOrDefault(r =>
            r.Methods.Contains(request.Method, StringComparer.OrdinalIgnoreCase) && r.Matcher.TryMatch(request.Path, []));
        if (route is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: "There is no such route in the API.");
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

    private sealed record Route(IReadOnlyList<string> Methods, IReadOnlyList<string> MediaTypes, TemplateMatcher Matcher);
}
