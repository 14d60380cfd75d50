using System.Text.Json;
using System.Text.Json.Serialization;

namespace SessionOps.Gateway.Push;

public static class PushExtensions
{
    public static IServiceCollection AddSessionOpsPush(this IServiceCollection services)
    {
        services.AddSignalR().AddJsonProtocol(options =>
            options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.AddSingleton<LatestBoards>();
        services.AddSingleton<ScopedSubscriptions>();
        services.AddSingleton<PushOutbox>();
        services.AddHostedService(services => services.GetRequiredService<PushOutbox>());
        services.AddSingleton<PushForwarder>();
        services.AddSingleton<MetricsWatchers>();
        services.AddSingleton<SessionSubscribers>();
        services.AddHostedService<LiveMetricsPump>();
        services.AddHostedService<PushRegistrationService>();
        return services;
    }

    /// <summary>
    /// A connection whose bearer token expires is closed; one whose session ends is closed by <see cref="HubSessions"/>;
    /// one that takes longer than <c>Push:SendTimeout</c> (default 10 s) to take a message is dropped.
    /// </summary>
    public static void MapSessionOpsPush(this IEndpointRouteBuilder app)
    {
        var sendTimeout = app.ServiceProvider.GetRequiredService<IConfiguration>().GetValue("Push:SendTimeout", TimeSpan.FromSeconds(10));
        app.MapHub<OpsHub>("/hubs/ops", options =>
        {
            options.CloseOnAuthenticationExpiration = true;
            options.TransportSendTimeout = sendTimeout;
        });
    }
}
