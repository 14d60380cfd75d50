using System.Text.Json;
using System.Text.Json.Serialization;
using SessionOps.Gateway.Api.Imports;

namespace SessionOps.Gateway.Api;

public static class ApiEndpoints
{
    public static IServiceCollection AddSessionOpsApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            // The heartbeat routes' bodies by generated code, first; everything else as before, by reflection.
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, HeartbeatJson.Default);
        });
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<KnownIds>();
        services.AddSingleton<ConnectionPointReferences>();
        services.AddOpenApi(options => options.AddSchemaTransformer((schema, context, _) =>
        {
            // A heartbeat's audio and video: true, false or null, read by a converter the document cannot see into.
            if (context.JsonTypeInfo.Type == typeof(ReportedFlag))
            {
                schema.Type = Microsoft.OpenApi.JsonSchemaType.Boolean | Microsoft.OpenApi.JsonSchemaType.Null;
            }

            return Task.CompletedTask;
        }));
        return services.AddSessionOpsErrors();
    }

    /// <summary>The REST API of the contract, under <c>/api</c>; every route needs a token.</summary>
    public static void MapSessionOpsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<ClusterRetry>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapVenues();
        api.MapConnectionPoints();
        api.MapDelegates();
        api.MapSessions();
        api.MapHeartbeats();
        api.MapIncidents();
        api.MapBoards();
        api.MapReadiness();
        api.MapTimeline();
        api.MapSecurity();
        api.MapUsers();
        api.MapDisplays();
        api.MapAgentKeys();
        api.MapImports();
        api.MapCalendar();
        api.MapReports();
        api.MapRollUps();

        // A route that does not exist is 404 to anyone, signed in or not (the fallback policy would say 401).
        app.MapFallback("/api/{**path}", () => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.",
            detail: "There is no such route in the API.")).AllowAnonymous().ExcludeFromDescription();
    }
}
