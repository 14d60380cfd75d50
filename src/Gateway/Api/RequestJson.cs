using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SessionOps.Gateway.Api;

/// <summary>
/// A JSON body read by a plain request delegate and refused as a route handler refuses its own: the same
/// <see cref="BadHttpRequestException"/>s, which <see cref="RequestExceptionHandler"/> answers as problem+json.
/// </summary>
public static class RequestJson
{
    public static async ValueTask<T> Read<T>(HttpContext http, JsonTypeInfo<T> type)
        where T : class
    {
        var request = http.Request;
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The body must be JSON.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength == 0)
        {
            throw new BadHttpRequestException("A JSON body is required.", StatusCodes.Status400BadRequest);
        }

        T? value;
        try
        {
            value = await request.ReadFromJsonAsync(type, http.RequestAborted);
        }
        catch (JsonException bad)
        {
            throw new BadHttpRequestException("The body is not the JSON expected.", StatusCodes.Status400BadRequest, bad);
        }

        return value ?? throw new BadHttpRequestException("A JSON body is required.", StatusCodes.Status400BadRequest);
    }
}
