using SessionOps.Catalogs;
using SessionOps.Delegates;
using SessionOps.Gateway.Auth;

namespace SessionOps.Gateway.Api;

public sealed record DelegateBody(string? Name, string? Delegation, string? LodgingVenueId);

/// <summary>A delegate as every role may see them: no lodging.</summary>
public sealed record DelegatePublicView(string Id, string Name, string Delegation, DateTimeOffset UpdatedAt);

public static class DelegateEndpoints
{
    public static void MapDelegates(this IEndpointRouteBuilder api)
    {
        var delegates = api.MapGroup("/delegates");

        delegates.MapPut("/{id}", async (string id, DelegateBody body, IGrainFactory grains, HttpContext http) =>
        {
            var check = new Validator();
            check.Id(id, "id");
            var spec = Validate(body, check);
            if (check.HasErrors)
            {
                return check.Problem();
            }

            var grain = grains.GetGrain<IDelegateGrain>(id);
            var result = await grain.Define(spec);
            return result.IsOk ? Results.Ok(ForReader((await grain.Get())!, http)) : result.ToProblem();
        }).Produces<DelegateRecord>().ProducesValidationProblem().RequireAuthorization(Policies.SetUp);

        delegates.MapGet("/{id}", async (string id, IGrainFactory grains, KnownIds known, HttpContext http, AuditTrail audit) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            var record = await known.Exists(Catalog.Delegates, id) ? await grains.GetGrain<IDelegateGrain>(id).Get() : null;
            if (record is null)
            {
                return CommandResultExtensions.NotFound("delegate", id);
            }

            // Where a delegate sleeps leaves only with its audit entry written.
            if (http.User.SeesSecurityData() && record.LodgingVenueId is { } lodging)
            {
                await audit.Record(http.User, "lodging-read", "delegate", id, lodging);
            }

            return Results.Ok(ForReader(record, http));
        }).Produces<DelegateRecord>().ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.Read);

        delegates.MapGet("/", async (IGrainFactory grains, HttpContext http, AuditTrail audit) =>
        {
            var (ids, problem) = Paging.Page(http, await grains.GetGrain<ICatalogGrain>(Catalog.Delegates).List());
            if (problem is not null)
            {
                return problem;
            }

            var all = (await Task.WhenAll(ids.Select(id => grains.GetGrain<IDelegateGrain>(id).Get()))).OfType<DelegateRecord>().ToArray();
            if (http.User.SeesSecurityData())
            {
                await audit.Record(http.User, "lodging-read", "delegates", "*", $"{all.Count(d => d.LodgingVenueId is not null)} delegates with lodging");
            }

            return Results.Ok(all.Select(d => ForReader(d, http)));
        }).Produces<DelegateRecord[]>().RequireAuthorization(Policies.Read);
    }

    internal static DelegateSpec Validate(DelegateBody body, Validator check) => new(
        check.Text(body.Name, "name"),
        check.Text(body.Delegation, "delegation", maxLength: 100),
        check.OptionalId(body.LodgingVenueId, "lodgingVenueId"));

    private static object ForReader(DelegateRecord record, HttpContext http) =>
        http.User.SeesSecurityData()
            ? record
            : new DelegatePublicView(record.Id, record.Name, record.Delegation, record.UpdatedAt);
}
