using SessionOps.Accounts;
using SessionOps.Catalogs;
using SessionOps.Gateway.Auth;

namespace SessionOps.Gateway.Api;

public sealed record DisplayBody(string? Name);

public sealed record DisplayCreated(string Id, string Name, string Url);

/// <summary><c>/api/displays</c>: wall screens' sign-ins. The URL is shown once; revoking it closes the screen's sessions on every Gateway.</summary>
public static class DisplayEndpoints
{
    public static void MapDisplays(this IEndpointRouteBuilder api)
    {
        var displays = api.MapGroup("/displays").RequireAuthorization(Policies.SetUp);

        displays.MapPost("/", async (DisplayBody body, HttpContext http, IGrainFactory grains, AuditTrail audit) =>
        {
            var check = new Validator();
            var name = check.Text(body.Name, "name", maxLength: 100);
            if (check.HasErrors)
            {
                return check.Problem();
            }

            var id = "display-" + Secrets.RandomHex(5);
            var secret = DisplaySecret.New(id);
            await audit.Record(http.User, "display-created", "display", id, name);
            var result = await grains.GetGrain<IDisplayGrain>(id).Create(name, secret.SecretHash, http.User.ToActor());
            if (!result.IsOk)
            {
                return result.ToProblem();
            }

            var url = $"{http.Request.Scheme}://{http.Request.Host}/display?key={secret}";
            return Results.Created($"/api/displays/{id}", new DisplayCreated(id, name, url));
        }).Produces<DisplayCreated>(StatusCodes.Status201Created).ProducesValidationProblem();

        displays.MapGet("/", async (IGrainFactory grains) =>
        {
            var ids = await grains.GetGrain<ICatalogGrain>(Catalog.Displays).List();
            var all = await Task.WhenAll(ids.Select(id => grains.GetGrain<IDisplayGrain>(id).Get()));
            return Results.Ok(all.OfType<DisplayRecord>().OrderBy(d => d.CreatedAt));
        }).Produces<DisplayRecord[]>();

        displays.MapDelete("/{id}", async (string id, HttpContext http, IGrainFactory grains, KnownIds known, AccessRevocations revocations, AuditTrail audit) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            if (!await known.Exists(Catalog.Displays, id))
            {
                return CommandResultExtensions.NotFound("display", id);
            }

            await audit.Record(http.User, "display-revoked", "display", id);
            var ended = await grains.GetGrain<IDisplayGrain>(id).Revoke();
            await revocations.Revoke(new AccessRevocation(ended ?? [], []));
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
