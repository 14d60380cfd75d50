using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;
using StackExchange.Redis;

namespace SessionOps.Hosting;

public static class ClientBuilderExtensions
{
    /// <summary>A client of the cluster (the Gateway in cluster mode): it finds the silos' gateways in Redis.</summary>
    public static IClientBuilder UseSessionOpsCluster(this IClientBuilder client, IConfiguration configuration)
    {
        var settings = OrleansSettings.From(configuration);
        var redis = settings.RequireRedis();

        client.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = settings.ClusterId;
            options.ServiceId = settings.ServiceId;
        });
        client.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(redis));
        if (TelemetryExtensions.TracesExported(client.Configuration))
        {
            client.AddActivityPropagation();
        }

        if (OrleansDashboard.Enabled(configuration))
        {
            client.AddDashboard(options => OrleansDashboard.Configure(options, configuration));
        }

        // A call lost with a silo fails after this and is tried again (ClusterRetry), instead of hanging for Orleans' 30 s.
        client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = settings.ResponseTimeout);
        return client;
    }
}
