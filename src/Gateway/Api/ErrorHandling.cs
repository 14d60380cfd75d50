using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace SessionOps.Gateway.Api;

public static class ErrorHandling
{
    /// <summary>Every error is problem+json: bad bodies, auth failures, unknown routes and failures of the cluster.</summary>
    public static IServiceCollection AddSessionOpsErrors(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<RequestExceptionHandler>();
        // Let a body that is not JSON, or not the JSON expected, reach the handler below as an exception.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static IApplicationBuilder UseSessionOpsErrors(this IApplicationBuilder app) =>
        app.UseExceptionHandler().UseStatusCodePages();
}

/// <summary>Turns what went wrong outside our handlers into the contract's problem details.</summary>
internal sealed class RequestExceptionHandler(IProblemDetailsService problems, ILogger<RequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case BadHttpRequestException bad:
                context.Response.StatusCode = bad.StatusCode;
                var errors = new Dictionary<string, string[]>
                {
                    [FieldOf(bad)] = [MessageOf(bad)],
                };
                return await problems.TryWriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new HttpValidationProblemDetails(errors)
                    {
                        Status = bad.StatusCode,
                        Title = "The request is not valid.",
                    },
                });

            case TimeoutException or OrleansException:
                logger.LogWarning(exception, "The cluster did not complete {Method} {Path}", context.Request.Method, context.Request.Path);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return await problems.TryWriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new()
                    {
                        Status = StatusCodes.Status503ServiceUnavailable,
                        Title = "The cluster is not available.",
                        Detail = "The request may or may not have been carried out. Reads and PUTs can be sent again as they are; " +
                            "send a POST or DELETE again with the same Idempotency-Key header, so that it is carried out once.",
                    },
                });

            default:
                return false;
        }
    }

    private static string FieldOf(BadHttpRequestException bad) =>
        bad.InnerException is JsonException { Path: { Length: > 2 } path } ? path.TrimStart('$', '.') : "body";

    private static string MessageOf(BadHttpRequestException bad) => bad.InnerException switch
    {
        JsonException { Path: { Length: > 2 } path } => $"The value at {path} is not of the expected type.",
        JsonException => "The body is not valid JSON.",
        _ when bad.StatusCode == StatusCodes.Status415UnsupportedMediaType => "The body must be JSON (Content-Type: application/json).",
        _ => "A JSON body of the documented shape is required.",
    };
}
