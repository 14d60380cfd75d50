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
        services.AddSingleton<ClusterRetry>();
        services.AddSingleton<ApiFallback>();
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "SessionOps API";
            document.Info.Version = "1.1";
            document.Info.Description = "Live operations of hybrid parliamentary sittings: sessions, venues, delegates, connection points, " +
                "readiness, security, incidents and reports. Every route needs a bearer token (or the pages' sign-in cookie); " +
                "errors are application/problem+json. The prose is in docs/api.md.";
            return Task.CompletedTask;
        }).AddSchemaTransformer((schema, context, _) =>
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

    /// <summary>The routes of one part of the API, under one tag of the OpenAPI document (and of <c>/api/docs</c>).</summary>
    private static RouteGroupBuilder Area(this RouteGroupBuilder api, string tag) => api.MapGroup("").WithTags(tag);

    /// <summary>The REST API of the contract, under <c>/api</c>; every route needs a token.</summary>
    public static void MapSessionOpsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<ClusterRetry>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.Area("Venues").MapVenues();
        api.Area("Connection points").MapConnectionPoints();
        api.Area("Delegates").MapDelegates();
        api.Area("Sessions").MapSessions();
        api.Area("Incidents").MapIncidents();
        api.Area("Boards").MapBoards();
        api.Area("Readiness").MapReadiness();
        api.Area("Timeline").MapTimeline();
        api.Area("Security").MapSecurity();
        api.Area("Users").MapUsers();
        api.Area("Wall-screen sign-ins").MapDisplays();
        api.Area("Agent keys").MapAgentKeys();
        api.Area("Imports").MapImports();
        api.Area("Calendar").MapCalendar();
        api.Area("Reports").MapReports();
        api.Area("Roll-ups").MapRollUps();
        api.Area("Notifications").MapNotificationChannels();

        // The hot path, outside the filtered group: its handlers take the cluster's retries themselves (an endpoint
        // filter runs every request through a generic invocation context and boxed arguments).
        var hot = app.MapGroup("/api").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        hot.Area("Heartbeats").MapHeartbeats();

        // A route that does not exist is 404 to anyone, signed in or not (the fallback policy would say 401).
        app.MapFallback("/api/{**path}", (HttpContext http, ApiFallback fallback) => fallback.Answer(http)).AllowAnonymous().ExcludeFromDescription();
    }
}
