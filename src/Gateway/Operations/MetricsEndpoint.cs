using SessionOps.Gateway.Auth;
using SessionOps.Hosting;

namespace SessionOps.Gateway.Operations;

/// <summary>
/// <c>/metrics</c> on the Gateway: on the public port it needs a sign-in like any route; with <c>Metrics:Port</c> it
/// is served on that port alone, without one, for a scraper on the cluster's own network.
/// </summary>
public static class MetricsEndpoint
{
    public static void MapGatewayMetrics(this WebApplication app)
    {
        var endpoint = app.MapSessionOpsMetrics();
        if (app.Configuration.GetValue<int?>("Metrics:Port") is not { } port)
        {
            endpoint.RequireAuthorization(Policies.Read);
            return;
        }

        endpoint.RequireHost($"*:{port}").AllowAnonymous();
        // Addresses added here replace the configured ones: keep those, and listen on the metrics port beside them.
        foreach (var url in ConfiguredUrls(app.Configuration))
        {
            app.Urls.Add(url);
        }

        app.Urls.Add($"http://*:{port}");
    }

    private static IEnumerable<string> ConfiguredUrls(IConfiguration configuration)
    {
        if (configuration["urls"] is { Length: > 0 } urls)
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var http = Ports(configuration["http_ports"]).Select(p => $"http://*:{p}");
        var https = Ports(configuration["https_ports"]).Select(p => $"https://*:{p}");
        var all = http.Concat(https).ToArray();
        return all.Length > 0 ? all : ["http://localhost:5000"];
    }

    private static IEnumerable<string> Ports(string? list) =>
        list?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
