using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Api;

/// <summary>The API described from the endpoints themselves, so that the description cannot leave a route out.</summary>
public sealed class OpenApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task The_openapi_document_lists_every_api_route_and_method_with_its_request_body_schema()
    {
        var document = await (await fixture.Host.Client("admin").GetAsync("/openapi/v1.json")).Json();
        Assert.StartsWith("3.", (string)document["openapi"]!);
        var paths = document["paths"]!.AsObject();

        var routes = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: Normalize(e.RoutePattern.RawText!), Method: m.ToLowerInvariant())))
            .Distinct()
            .ToArray();
        Assert.True(routes.Length > 60, $"only {routes.Length} routes found");

        var missing = routes.Where(r => paths[r.Path]?[r.Method] is null).Select(r => $"{r.Method} {r.Path}").ToArray();
        Assert.True(missing.Length == 0, "Not described: " + string.Join(", ", missing));

        // A body the API reads is described by its schema: the session's, with its fields.
        var put = paths["/api/sessions/{id}"]!["put"]!;
        var schema = (string)put["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!;
        var fields = document["components"]!["schemas"]![schema.Split('/')[^1]]!["properties"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.Contains("scheduledStart", fields);
        Assert.Contains("plenarySession", fields);
    }

    [Fact]
    public async Task The_openapi_document_needs_a_sign_in_like_every_other_route() =>
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await fixture.Host.Client().GetAsync("/openapi/v1.json")).StatusCode);

    /// <summary>Route constraints (<c>{number:int}</c>) are not part of the path an OpenAPI document names.</summary>
    private static string Normalize(string pattern) => System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+):[^}]+\}", "{$1}").TrimEnd('/');
}
