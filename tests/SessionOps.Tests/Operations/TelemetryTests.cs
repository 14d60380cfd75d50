using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Operations;

public sealed class TelemetryTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Metrics_are_scraped_from_metrics_in_prometheus_text_with_the_projects_own_instruments()
    {
        await using var host = await GatewayHost.Start(_directory.File("metrics.db"));
        var world = await new ApiWorld(host.Client("admin")).Create();
        await Heartbeats.Send(host.Client("operator"), world.Point, Heartbeats.Good(1), Heartbeats.Poor(2), Heartbeats.Poor(3), Heartbeats.Poor(4));

        var text = await Eventually.Get(async () => await (await host.Client("operator").GetAsync("/metrics")).Content.ReadAsStringAsync(),
            t => t.Contains("sessionops_heartbeats_received") && t.Contains("sessionops_health_transitions"), what: "the project's metrics");

        Assert.Contains("http_server_request_duration", text);
        Assert.Contains("orleans_", text);
    }

    [Fact]
    public async Task Traces_are_exported_over_otlp_when_an_endpoint_is_set()
    {
        var received = new ConcurrentQueue<string>();
        var collectorPort = FreePorts.Next();
        var collectorBuilder = WebApplication.CreateSlimBuilder();
        collectorBuilder.WebHost.UseUrls($"http://127.0.0.1:{collectorPort}");
        collectorBuilder.Logging.ClearProviders();
        await using var collector = collectorBuilder.Build();
        collector.MapPost("/v1/{signal}", (string signal) =>
        {
            received.Enqueue(signal);
            return Results.Ok();
        });
        await collector.StartAsync();

        await using var host = await GatewayHost.Start(_directory.File("otlp.db"), settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{collectorPort}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        Assert.Equal(HttpStatusCode.OK, (await host.Client("leadership").GetAsync("/api/sessions")).StatusCode);

        await Eventually.Get(() => Task.FromResult(received.ToArray()), signals => signals.Contains("traces"), TimeSpan.FromSeconds(20), "a trace export");
    }

    public void Dispose() => _directory.Dispose();
}
