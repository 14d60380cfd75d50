using SessionOps.Accounts;
using SessionOps.Catalogs;
using SessionOps.Gateway.Auth;

namespace SessionOps.Gateway.Api;

public sealed record AgentKeyCreated(string KeyId, string Key);

/// <summary><c>/api/connection-points/{id}/agent-keys</c>: one key per agent, shown once, kept as a hash, revoked at once on every Gateway.</summary>
public static class AgentKeyEndpoints
{
    public static void MapAgentKeys(this IEndpointRouteBuilder api)
    {
        var keys = api.MapGroup("/connection-points/{id}/agent-keys").RequireAuthorization(Policies.SetUp);

        keys.MapPost("/", async (string id, HttpContext http, IGrainFactory grains, KnownIds known, AuditTrail audit) =>
        {
            if (await UnknownPoint(id, known) is { } problem)
            {
                return problem;
            }

            var key = AgentKey.New(id);
            await audit.Record(http.User, "agent-key-created", "connectionPoint", id, key.KeyId);
            await grains.GetGrain<IAgentKeysGrain>(id).Add(key.KeyId, key.SecretHash);
            return Results.Created($"/api/connection-points/{id}/agent-keys/{key.KeyId}", new AgentKeyCreated(key.KeyId, key.ToString()));
        }).Produces<AgentKeyCreated>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status404NotFound);

        keys.MapGet("/", async (string id, IGrainFactory grains, KnownIds known) =>
            await UnknownPoint(id, known) ?? Results.Ok(await grains.GetGrain<IAgentKeysGrain>(id).List())).Produces<SessionOps.Accounts.AgentKeyInfo[]>().ProducesProblem(StatusCodes.Status404NotFound);

        keys.MapDelete("/{keyId}", async (string id, string keyId, HttpContext http, IGrainFactory grains, KnownIds known,
            AccessRevocations revocations, AuditTrail audit) =>
        {
            if (await UnknownPoint(id, known) is { } problem)
            {
                return problem;
            }

            await audit.Record(http.User, "agent-key-revoked", "connectionPoint", id, keyId);
            if (!await grains.GetGrain<IAgentKeysGrain>(id).Revoke(keyId))
            {
                return CommandResultExtensions.NotFound("agent key", keyId);
            }

            await revocations.Revoke(new AccessRevocation([], [keyId]));
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult?> UnknownPoint(string id, KnownIds known) =>
        CommandResultExtensions.InvalidRouteId(id) ??
        (await known.Exists(Catalog.ConnectionPoints, id) ? null : CommandResultExtensions.NotFound("connection point", id));
}
