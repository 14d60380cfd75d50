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
        services.AddSingleton<PushForwarder>();
        services.AddHostedService<PushRegistrationService>();
        return services;
    }

    public static void MapSessionOpsPush(this IEndpointRouteBuilder app) => app.MapHub<OpsHub>("/hubs/ops");
}
