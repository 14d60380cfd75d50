using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionOps.Hosting;

namespace SessionOps.Gateway.Hosting;

public static class OrleansModeExtensions
{
    /// <summary>
    /// <c>SessionOps:Mode</c> picks how the Gateway reaches the grains: <c>embedded</c> (the default)
    /// co-hosts a silo on SQLite in this process; <c>cluster</c> makes the Gateway a client of the silos on Redis.
    /// Either way the rest of the Gateway sees only <see cref="IGrainFactory"/>.
    /// </summary>
    public static IHostApplicationBuilder AddSessionOpsOrleans(this IHostApplicationBuilder builder)
    {
        var mode = ModeOf(builder.Configuration);
        switch (mode.ToLowerInvariant())
        {
            case "embedded":
                builder.UseOrleans(silo => silo.UseSessionOpsEmbedded(builder.Configuration));
                break;
            case "cluster":
                builder.UseOrleansClient(client => client.UseSessionOpsCluster(builder.Configuration, builder.Environment)
                    .AddOutgoingGrainCallFilter<StopWaitingAfterSiloLoss>());
                builder.Services.AddSingleton(new GatewayConnectionLoss { Watching = true });
                builder.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<GatewayConnectionLoss>());
                break;
            default:
                throw new InvalidOperationException($"SessionOps:Mode is '{mode}'; it must be 'embedded' or 'cluster'.");
        }

        // Embedded, nothing is watched: the silo is in this process.
        builder.Services.TryAddSingleton(new GatewayConnectionLoss());
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>Whether this Gateway co-hosts its silo (<c>SessionOps:Mode</c> is <c>embedded</c>, the default).</summary>
    public static bool IsEmbedded(IConfiguration configuration) =>
        string.Equals(ModeOf(configuration), "embedded", StringComparison.OrdinalIgnoreCase);

    private static string ModeOf(IConfiguration configuration) => configuration["SessionOps:Mode"] ?? "embedded";
}
