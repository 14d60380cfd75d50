using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.AspNetCore.StaticAssets.Infrastructure;

namespace SessionOps.Gateway.Pages;

/// <summary>
/// The pages' files through ASP.NET Core's static assets (<c>MapStaticAssets</c>): compressed at build (gzip, and
/// Brotli when published), each also under a fingerprinted name that is cached for a year, with an ETag otherwise.
/// A page's HTML names its stylesheet and scripts by their fingerprinted names, and an import map sends every module
/// a script imports to its fingerprinted name too: a provincial office on a slow link downloads a file once per
/// release, and a wall screen that reloads after a release gets the new files, never a mix.
/// </summary>
public sealed partial class PageAssets
{
    private readonly IReadOnlyDictionary<string, string> _fingerprinted;

    private PageAssets(IReadOnlyDictionary<string, string> fingerprinted)
    {
        _fingerprinted = fingerprinted;
        var imports = fingerprinted.Where(asset => (asset.Key.StartsWith("js/", StringComparison.Ordinal) || asset.Key.StartsWith("lib/", StringComparison.Ordinal)) &&
                                                   asset.Key.EndsWith(".js", StringComparison.Ordinal))
            .OrderBy(asset => asset.Key, StringComparer.Ordinal)
            .ToDictionary(asset => "/" + asset.Key, asset => "/" + asset.Value);
        ImportMap = JsonSerializer.Serialize(new { imports });
        ImportMapHash = "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(ImportMap)));
    }

    /// <summary>The JSON of the pages' import map: each module's path to its fingerprinted path.</summary>
    public string ImportMap { get; }

    /// <summary>The import map's hash, for the Content-Security-Policy of the pages that carry it (an inline script).</summary>
    public string ImportMapHash { get; }

    /// <summary>
    /// Maps every file of wwwroot as an endpoint. They need a signed-in user (the fallback policy), except the few the
    /// sign-in page loads; a page's HTML is served through its route only, never as a file.
    /// </summary>
    public static PageAssets Map(WebApplication app, IReadOnlySet<string> publicFiles)
    {
        var conventions = app.MapStaticAssets();
        var descriptors = StaticAssetsEndpointDataSourceHelper.ResolveStaticAssetDescriptors(app, null);
        // A file and its compressed forms share a route: one label per route.
        var labels = descriptors.GroupBy(d => d.Route, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Label(g.First()), StringComparer.Ordinal);
        conventions.Add(endpoint =>
        {
            var route = (endpoint as RouteEndpointBuilder)?.RoutePattern.RawText?.TrimStart('/') ?? "";
            var label = labels.GetValueOrDefault(route, route);
            // Every form of a page's HTML (and its compressed copies) is served by the page's route alone.
            if (label.StartsWith("pages/", StringComparison.Ordinal) || route.StartsWith("pages/", StringComparison.Ordinal))
            {
                endpoint.RequestDelegate = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                };
            }
            else if (publicFiles.Contains("/" + label))
            {
                endpoint.Metadata.Add(new AllowAnonymousAttribute());
            }
        });

        // The fingerprinted name of each file, from the descriptors that have one and serve it uncompressed.
        var fingerprinted = descriptors
            .Where(d => d.Selectors.Count == 0 && d.Properties.Any(p => p.Name == "fingerprint") && d.Route != Label(d))
            .GroupBy(Label, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Route, StringComparer.Ordinal);
        return new PageAssets(fingerprinted);
    }

    private static string Label(StaticAssetDescriptor descriptor) =>
        descriptor.Properties.FirstOrDefault(p => p.Name == "label")?.Value ?? descriptor.Route;

    /// <summary>The page's HTML with its files named by their fingerprinted names and the import map before its scripts.</summary>
    public string Rewrite(string html)
    {
        var named = SourceOrLink().Replace(html, match => _fingerprinted.TryGetValue(match.Groups["path"].Value, out var fingerprinted)
            ? $"{match.Groups["attribute"].Value}=\"/{fingerprinted}\""
            : match.Value);
        var head = named.IndexOf("<head>", StringComparison.Ordinal);
        return head < 0 ? named : named.Insert(head + "<head>".Length, $"\n  <script type=\"importmap\">{ImportMap}</script>");
    }

    [GeneratedRegex("(?<attribute>src|href)=\"/(?<path>(css|js|lib)/[^\"?#]+)\"")]
    private static partial Regex SourceOrLink();
}
