using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;
using StackExchange.Redis;

namespace SessionOps.Hosting;

public static class ClientBuilderExtensions
{
    /// <summary>
    /// A client of the cluster (the Gateway in cluster mode): it finds the silos' gateways in Redis and talks to them
    /// over mutual TLS (<c>Orleans:Tls:*</c>). Refuses the start when Redis refuses it or a certificate is missing.
    /// </summary>
    public static IClientBuilder UseSessionOpsCluster(this IClientBuilder client, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = OrleansSettings.From(configuration);
        var tls = OrleansTls.From(configuration, environment);
        RedisPreflight.Check(settings.RedisOptions(), settings.RedisWaitAtStart);
        if (tls is not null)
        {
            client.UseTls(tls.Configure);
        }

        client.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = settings.ClusterId;
            options.ServiceId = settings.ServiceId;
        });
        client.UseRedisClustering(options => options.ConfigurationOptions = settings.RedisOptions());
        if (TelemetryExtensions.TracesExported(client.Configuration))
        {
            client.AddActivityPropagation();
        }

        if (OrleansDashboard.Enabled(configuration, embedded: false))
        {
            client.AddDashboard(options => OrleansDashboard.Configure(options, configuration));
        }

        // A silo that joins is used within seconds, not Orleans' minute; a dead one is dropped as soon as its connection is.
        client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));
        // A call lost with a silo fails after this and is tried again (ClusterRetry), instead of hanging for Orleans' 30 s.
        client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = settings.ResponseTimeout);
        return client;
    }
}
