using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SessionOps.Operations;

namespace SessionOps.Hosting;

public static class TelemetryExtensions
{
    private static readonly string[] OrleansSources =
        ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Microsoft.Orleans.Storage", "Microsoft.Orleans.Lifecycle"];

    /// <summary>
    /// Traces (ASP.NET Core and Orleans' grain calls and storage), metrics (ASP.NET Core, Orleans, the runtime and
    /// SessionOps' own), logs with trace ids. Exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; the
    /// metrics are also scraped from <c>/metrics</c> in Prometheus text.
    /// </summary>
    /// <summary>Whether traces go anywhere: only then are spans recorded and carried across grain calls.</summary>
    public static bool TracesExported(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static IHostApplicationBuilder AddSessionOpsTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans", SessionOpsMetrics.MeterName)
                // OpenTelemetry sets aside room for 2,000 tag combinations per instrument, up front: 37 MB for the
                // 258 instruments a Gateway has (a heap dump under 10,000 points). Ours, and Orleans' but for those
                // tagged with a peer silo's address (a new one at every restart), carry a few tags of a few values.
                .AddView(instrument => HasFewSeries(instrument) ? new MetricStreamConfiguration { CardinalityLimit = 100 } : null)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        if (TracesExported(builder.Configuration))
        {
            // Traces only where they go somewhere: a listener makes every request and grain call record its spans,
            // a cost measured on the heartbeat path that buys nothing without an exporter.
            telemetry.WithTracing(tracing => tracing.AddSource(OrleansSources).AddAspNetCoreInstrumentation());
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    private static bool HasFewSeries(System.Diagnostics.Metrics.Instrument instrument) =>
        instrument.Meter.Name == SessionOpsMetrics.MeterName ||
        (instrument.Meter.Name == "Microsoft.Orleans" &&
         !instrument.Name.Contains("messaging", StringComparison.Ordinal) && !instrument.Name.Contains("ping", StringComparison.Ordinal));

    public static IEndpointConventionBuilder MapSessionOpsMetrics(this IEndpointRouteBuilder app) => app.MapPrometheusScrapingEndpoint("/metrics");
}
