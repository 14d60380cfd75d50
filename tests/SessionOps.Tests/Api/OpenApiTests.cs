using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Api;

/// <summary>
/// The API described from the endpoints themselves, so that the description cannot leave a route out; and the
/// description committed (docs/openapi/v1.json), compared here, so that a change of the API shows in review.
/// </summary>
public sealed class OpenApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly string Committed = Path.Combine(RepositoryRoot(), "docs", "openapi", "v1.json");

    private async Task<JsonNode> Document() => await (await fixture.Host.Client("admin").GetAsync("/openapi/v1.json")).Json();

    [Fact]
    public async Task The_openapi_document_lists_every_api_route_and_method_with_its_request_and_response_schemas()
    {
        var document = await Document();
        Assert.StartsWith("3.", (string)document["openapi"]!);
        var paths = document["paths"]!.AsObject();

        var routes = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: Normalize(e.RoutePattern.RawText!), Method: m.ToLowerInvariant())))
            .Distinct()
            .ToArray();
        Assert.True(routes.Length >= 55, $"only {routes.Length} routes found");

        var missing = routes.Where(r => paths[r.Path]?[r.Method] is null).Select(r => $"{r.Method} {r.Path}").ToArray();
        Assert.True(missing.Length == 0, "Not described: " + string.Join(", ", missing));

        // Every operation says what it answers on success: a schema, a file's type, or no content; and its problems.
        var untyped = routes.Where(r =>
        {
            var responses = paths[r.Path]![r.Method]!["responses"]!.AsObject();
            var success = responses.Where(x => x.Key.StartsWith('2')).ToArray();
            return success.Length == 0 || success.Any(x => x.Key != "204" && x.Value!["content"] is null);
        }).Select(r => $"{r.Method} {r.Path}").ToArray();
        Assert.True(untyped.Length == 0, "No success response described: " + string.Join(", ", untyped));

        // A body the API reads and one it answers, each by its schema: the session's, with its fields.
        var put = paths["/api/sessions/{id}"]!["put"]!;
        Assert.Contains("plenarySession", Properties(document, put["requestBody"]!["content"]!["application/json"]!["schema"]!));
        var answered = Properties(document, put["responses"]!["200"]!["content"]!["application/json"]!["schema"]!);
        Assert.Contains("history", answered);
        Assert.Contains("phase", answered);
        Assert.NotNull(put["responses"]!["400"]);
        Assert.NotNull(put["responses"]!["401"]);
    }

    [Fact]
    public async Task The_committed_description_is_the_one_the_gateway_serves()
    {
        var served = Canonical(await Document());
        if (Environment.GetEnvironmentVariable("SESSIONOPS_WRITE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Committed)!);
            await File.WriteAllTextAsync(Committed, served + "\n");
        }

        Assert.True(File.Exists(Committed), $"{Committed} is missing: run the tests once with SESSIONOPS_WRITE_OPENAPI=1.");
        var committed = Canonical(JsonNode.Parse(await File.ReadAllTextAsync(Committed))!);
        Assert.True(committed == served,
            "The API changed: docs/openapi/v1.json no longer describes it. Review the change, then run the tests with SESSIONOPS_WRITE_OPENAPI=1 to write it.");
    }

    [Fact]
    public async Task The_openapi_document_needs_a_sign_in_like_every_other_route() =>
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await fixture.Host.Client().GetAsync("/openapi/v1.json")).StatusCode);

    /// <summary>The document without what depends on the machine that serves it (its address), indented.</summary>
    private static string Canonical(JsonNode document)
    {
        var copy = document.DeepClone().AsObject();
        copy.Remove("servers");
        return copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string[] Properties(JsonNode document, JsonNode schema)
    {
        var reference = (string?)schema["$ref"];
        var resolved = reference is null ? schema : document["components"]!["schemas"]![reference.Split('/')[^1]]!;
        return [.. resolved["properties"]!.AsObject().Select(p => p.Key)];
    }

    /// <summary>Route constraints (<c>{number:int}</c>) are not part of the path an OpenAPI document names.</summary>
    private static string Normalize(string pattern) => System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+):[^}]+\}", "{$1}").TrimEnd('/');

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SessionOps.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (SessionOps.sln) was not found.");
    }
}
