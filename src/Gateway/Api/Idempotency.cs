using System.Text;
using SessionOps.Gateway.Auth;
using SessionOps.Operations;

namespace SessionOps.Gateway.Api;

/// <summary>
/// <c>Idempotency-Key</c> on any POST or DELETE of the API: the first request with a key is carried out and its answer
/// kept for a day; a repeat of it (same caller, method, path and body) gets that answer again and changes nothing; a
/// repeat while the first is under way gets 409; the same key on a different request gets 422. An answer of 5xx is not
/// kept: the request may not have been carried out, and its repeat is carried out again.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    private const int MaxKeyLength = 200;
    private const int MaxKeptBody = 1 << 20;
    private static readonly object RequestIdItem = new();

    /// <summary>
    /// The request's identity under its <c>Idempotency-Key</c> (hashed with the caller and the request), null without one. Handed to the
    /// grains that append to a history, which keep it with the entry: a repeat after a lost answer (a 5xx, whose answer
    /// is not kept here) then finds its entry and records nothing twice.
    /// </summary>
    public static string? RequestId(this HttpContext context) => context.Items[RequestIdItem] as string;

    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (!(HttpMethods.IsPost(request.Method) || HttpMethods.IsDelete(request.Method)) || !request.Path.StartsWithSegments("/api") ||
            request.Path.StartsWithSegments("/api/auth") || !request.Headers.TryGetValue(Header, out var values) || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        var key = values.ToString();
        if (key.Length is 0 or > MaxKeyLength || key.Any(char.IsControl))
        {
            await Problem(context, StatusCodes.Status400BadRequest, $"{Header} is 1 to {MaxKeyLength} printable characters.");
            return;
        }

        request.EnableBuffering();
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        request.Body.Position = 0;

        var caller = context.User.AccountId() ?? $"{context.User.Identity?.Name}/{context.User.FindFirst(SessionOpsClaims.Role)?.Value}";
        var keyHash = Secrets.Hash($"{caller}\n{key}");
        var grain = context.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IIdempotentRequestGrain>(keyHash);
        var requestHash = Secrets.Hash([.. Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"), .. body.ToArray()]);
        // The key and the request together: the same key on another request (after a 5xx, or once the answer has
        // expired) is another request to the histories too, never taken for the first.
        var requestId = Secrets.Hash($"{keyHash}\n{requestHash}");
        var begun = await grain.Begin(requestHash);
        switch (begun.Start)
        {
            case RequestStart.Done:
                var stored = begun.Response!;
                context.Response.StatusCode = stored.Status;
                context.Response.ContentType = stored.ContentType;
                context.Response.Headers["Idempotent-Replayed"] = "true";
                await context.Response.Body.WriteAsync(stored.Body, context.RequestAborted);
                return;
            case RequestStart.InProgress:
                await Problem(context, StatusCodes.Status409Conflict, $"A request with this {Header} is being carried out; ask again in a moment.");
                return;
            case RequestStart.Mismatch:
                await Problem(context, StatusCodes.Status422UnprocessableEntity, $"This {Header} was used for a different request.");
                return;
        }

        context.Items[RequestIdItem] = requestId;
        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        catch
        {
            await grain.Abandon(requestHash);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
        if (context.Response.StatusCode >= 500 || captured.Length > MaxKeptBody)
        {
            await grain.Abandon(requestHash);
        }
        else
        {
            await grain.Complete(requestHash, new StoredResponse(context.Response.StatusCode, context.Response.ContentType, captured.ToArray(),
                context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()));
        }
    });

    private static Task Problem(HttpContext context, int status, string detail) =>
        Results.Problem(statusCode: status, title: status == StatusCodes.Status409Conflict ? "Not allowed now." : "The request is not valid.", detail: detail)
            .ExecuteAsync(context);
}
