using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SessionOps.Catalogs;
using SessionOps.ConnectionPoints;
using SessionOps.Gateway.Auth;
using SessionOps.Gateway.Operations;

namespace SessionOps.Gateway.Api;

/// <summary>
/// A heartbeat as agents send it. A class with settable properties, read by generated code (<see cref="HeartbeatJson"/>):
/// the batch route reads thousands a second, and a record read through its constructor cost a fifth of its time.
/// Plain setters, not <c>init</c>: the generated reader fills init-only properties through its slower
/// constructor-argument path.
/// </summary>
public sealed class HeartbeatBody
{
    public string? ConnectionPointId { get; set; }

    public long? Seq { get; set; }

    public string? SentAt { get; set; }

    public double? LatencyMs { get; set; }

    public double? JitterMs { get; set; }

    public double? PacketLossPct { get; set; }

    public double? BitrateKbps { get; set; }

    /// <summary>true, false, or null when the agent cannot tell; absent is an error.</summary>
    public ReportedFlag Audio { get; set; }

    public ReportedFlag Video { get; set; }

    public string? BootId { get; set; }
}

/// <summary>
/// A flag an agent may report as true, false, or null (it cannot tell), and may leave out (<see cref="Given"/> false):
/// null and absent mean different things, which a <c>bool?</c> cannot hold. Read without allocating, on the hot path.
/// </summary>
[JsonConverter(typeof(ReportedFlagConverter))]
public readonly record struct ReportedFlag(bool Given, bool? Value);

public sealed class ReportedFlagConverter : JsonConverter<ReportedFlag>
{
    public override bool HandleNull => true;

    public override ReportedFlag Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => new(true, true),
        JsonTokenType.False => new(true, false),
        JsonTokenType.Null => new(true, null),
        // Named by its path in the problem, like any value of the wrong type.
        _ => throw new JsonException("Expected true, false or null."),
    };

    public override void Write(Utf8JsonWriter writer, ReportedFlag value, JsonSerializerOptions options)
    {
        if (value.Value is { } flag)
        {
            writer.WriteBooleanValue(flag);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

[JsonSerializable(typeof(HeartbeatBody))]
[JsonSerializable(typeof(HeartbeatBody[]))]
[JsonSerializable(typeof(HeartbeatAccepted))]
public sealed partial class HeartbeatJson : JsonSerializerContext;

public sealed record HeartbeatAccepted(int Applied, int Ignored);

/// <summary>
/// The hot path's door: authenticate, validate, and make one grain call per connection point.
/// A duplicate or older <c>seq</c> is accepted and changes nothing, so an agent may resend freely.
/// </summary>
public static class HeartbeatEndpoints
{
    public const int MaxBatch = 5000;

    public static void MapHeartbeats(this IEndpointRouteBuilder api)
    {
        var services = api.ServiceProvider;
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var door = new Door(services.GetRequiredService<IGrainFactory>(), services.GetRequiredService<KnownIds>(),
            services.GetRequiredService<ConnectionPointReferences>(), services.GetRequiredService<ClusterRetry>(),
            (JsonTypeInfo<HeartbeatBody>)json.GetTypeInfo(typeof(HeartbeatBody)),
            (JsonTypeInfo<HeartbeatBody?[]>)json.GetTypeInfo(typeof(HeartbeatBody?[])));

        // Handlers that take the HttpContext (and the route's id), outside the filtered group: no filter pipeline nor body
        // binding per heartbeat (a probe from outside put the endpoint's machinery at about a sixth of a heartbeat's
        // time). The body is read, and refused, as the route handlers read theirs (RequestJson).
        api.MapPost("/connection-points/{id}/heartbeats", (Func<string, HttpContext, Task>)door.One)
            .Accepts<HeartbeatBody>("application/json").Produces<HeartbeatAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).WithMetadata(new SafeToRepeat())
            .RequireAuthorization(Policies.Heartbeats);

        api.MapPost("/heartbeats", (Func<HttpContext, Task>)door.Batch)
            .Accepts<HeartbeatBody?[]>("application/json").Produces<HeartbeatAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem().WithMetadata(new SafeToRepeat()).RequireAuthorization(Policies.Heartbeats);
    }

    /// <summary>The two routes' handlers, with what they use resolved once.</summary>
    private sealed class Door(
        IGrainFactory grains, KnownIds known, ConnectionPointReferences points, ClusterRetry retry,
        JsonTypeInfo<HeartbeatBody> oneJson, JsonTypeInfo<HeartbeatBody?[]> batchJson)
    {
        public async Task One(string id, HttpContext http)
        {
            var body = await RequestJson.Read(http, oneJson);
            var answer = await retry.Run(http, repeatable: true, () => ReceiveOne(http, id, body));
            await answer.ExecuteAsync(http);
        }

        public async Task Batch(HttpContext http)
        {
            var batch = await RequestJson.Read(http, batchJson);
            var answer = await retry.Run(http, repeatable: true, () => ReceiveBatch(http, batch));
            await answer.ExecuteAsync(http);
        }

        private async ValueTask<IResult> ReceiveOne(HttpContext http, string id, HeartbeatBody body)
        {
            if (AgentPointOf(http) is { } own && own != id)
            {
                return NotItsPoint();
            }

            var check = new Validator();
            check.Id(id, "id");
            var heartbeat = Validate(body, check, index: null);
            if (check.HasErrors)
            {
                return check.Problem();
            }

            // A point that does not exist is answered from the catalog: no grain is woken for it.
            if (!await known.Exists(Catalog.ConnectionPoints, id))
            {
                return CommandResultExtensions.NotFound("connection point", id);
            }

            if (!await http.User.Covers(grains, [id]))
            {
                return ProvinceScope.OutOfScope();
            }

            var receipt = await points.Of(id).Receive([heartbeat]);
            GatewayMetrics.HeartbeatsReceived.Add(receipt.Applied, new KeyValuePair<string, object?>("route", "single"));
            return receipt.PointExists
                ? Results.Accepted(value: new HeartbeatAccepted(receipt.Applied, receipt.Ignored))
                : CommandResultExtensions.NotFound("connection point", id);
        }

        private async ValueTask<IResult> ReceiveBatch(HttpContext http, HeartbeatBody?[] batch)
        {
            var check = new Validator();
            if (batch.Length > MaxBatch)
            {
                check.Add("body", $"A batch holds at most {MaxBatch} heartbeats.");
                return check.Problem();
            }

            var heartbeats = new (string PointId, Heartbeat Heartbeat)[batch.Length];
            var own = AgentPointOf(http);
            for (var i = 0; i < batch.Length; i++)
            {
                if (batch[i] is null)
                {
                    check.Add($"[{i}]", "Each item of the batch is a heartbeat object.");
                    continue;
                }

                var pointId = batch[i]!.ConnectionPointId;
                if (own is not null && own != pointId)
                {
                    return NotItsPoint();
                }

                if (!ResourceId.IsValid(pointId))
                {
                    check.Id(pointId, $"[{i}].connectionPointId");
                }

                heartbeats[i] = (pointId ?? "", Validate(batch[i]!, check, i));
            }

            if (check.HasErrors)
            {
                return check.Problem();
            }

            var byPoint = heartbeats.GroupBy(h => h.PointId, StringComparer.Ordinal).ToArray();
            // Every point is checked before any is told, so that a batch naming an unknown point changes nothing.
            var missing = await known.Missing(Catalog.ConnectionPoints, byPoint.Select(g => g.Key).ToArray());
            if (missing.Length > 0)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.",
                    detail: $"There are no connection points {string.Join(", ", missing)}; nothing of this batch was applied.");
            }

            if (!await http.User.Covers(grains, byPoint.Select(g => g.Key)))
            {
                return ProvinceScope.OutOfScope();
            }

            var receipts = await Task.WhenAll(byPoint.Select(g =>
                points.Of(g.Key).Receive(g.Select(h => h.Heartbeat).ToArray())));
            var applied = receipts.Sum(r => r.Applied);
            GatewayMetrics.HeartbeatsReceived.Add(applied, new KeyValuePair<string, object?>("route", "batch"));
            return Results.Accepted(value: new HeartbeatAccepted(applied, receipts.Sum(r => r.Ignored)));
        }
    }

    /// <summary>An agent key's own connection point, the only one it sends for; null for people and tokens, which send for any.</summary>
    private static string? AgentPointOf(HttpContext http) => http.User.FindFirstValue(SessionOpsClaims.ConnectionPoint);

    private static IResult NotItsPoint() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.",
        detail: "This agent key sends heartbeats for its own connection point only; nothing was applied.");

    /// <summary>
    /// Checks one heartbeat. Field names are only spelled out when something is wrong: the batch route checks
    /// thousands of valid heartbeats a second.
    /// </summary>
    private static Heartbeat Validate(HeartbeatBody body, Validator check, int? index)
    {
        string Field(string name) => index is { } i ? $"[{i}].{name}" : name;

        if (body.Seq is not >= 0)
        {
            check.Add(Field("seq"), "seq is required: a number that grows with every heartbeat of the point, from 0.");
        }

        var sentAt = check.Time(body.SentAt, "sentAt", index);
        return new Heartbeat(
            body.Seq ?? 0,
            sentAt,
            Measure(body.LatencyMs, "latencyMs", 60_000),
            Measure(body.JitterMs, "jitterMs", 60_000),
            Measure(body.PacketLossPct, "packetLossPct", 100),
            body.BitrateKbps is null ? 0 : Measure(body.BitrateKbps, "bitrateKbps", 10_000_000),
            Flag(body.Audio, "audio") ?? false,
            Flag(body.Video, "video") ?? false,
            BootId(body.BootId),
            // An agent that cannot tell whether sound and picture get through says so with null: rated degraded.
            AvUnknown: body.Audio is { Given: true, Value: null } || body.Video is { Given: true, Value: null },
            // A codec that does not report its bitrate: not measured, so not judged.
            BitrateUnknown: body.BitrateKbps is null);

        bool? Flag(ReportedFlag value, string name)
        {
            if (!value.Given)
            {
                var field = Field(name);
                check.Add(field, $"{field} is required: true, false, or null when the agent cannot tell.");
            }

            return value.Value;
        }

        string? BootId(string? value)
        {
            if (value is { Length: > 64 } || (value is not null && value.Any(char.IsControl)))
            {
                var field = Field("bootId");
                check.Add(field, $"{field} is at most 64 printable characters.");
            }

            return string.IsNullOrEmpty(value) ? null : value;
        }

        double Measure(double? value, string name, double max)
        {
            if (value is { } v && !double.IsNaN(v) && v >= 0 && v <= max)
            {
                return v;
            }

            var field = Field(name);
            check.Add(field, $"{field} is required, from 0 to {max}.");
            return 0;
        }
    }
}
