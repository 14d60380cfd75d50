using SessionOps.Catalogs;
using SessionOps.Gateway.Auth;
using SessionOps.Venues;

namespace SessionOps.Gateway.Api;

public sealed record VenueBody(string? Name, string? Kind, string? Address);

public static class VenueEndpoints
{
    public static void MapVenues(this IEndpointRouteBuilder api)
    {
        var venues = api.MapGroup("/venues");

        venues.MapPut("/{id}", async (string id, VenueBody body, IGrainFactory grains) =>
        {
            var check = new Validator();
            check.Id(id, "id");
            var spec = new VenueSpec(
                check.Text(body.Name, "name"),
                check.Enum<VenueKind>(body.Kind, "kind"),
                check.OptionalText(body.Address, "address"));
            if (check.HasErrors)
            {
                return check.Problem();
            }

            var grain = grains.GetGrain<IVenueGrain>(id);
            var result = await grain.Define(spec);
            return result.IsOk ? Results.Ok(await grain.Get()) : result.ToProblem();
        }).Produces<Venue>().ProducesValidationProblem().RequireAuthorization(Policies.SetUp);

        venues.MapGet("/{id}", async (string id, IGrainFactory grains, HttpContext http) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            var venue = await grains.GetGrain<IVenueGrain>(id).Get();
            return venue is null ? CommandResultExtensions.NotFound("venue", id) : Results.Ok(ForReader(venue, http));
        }).Produces<Venue>().ProducesProblem(StatusCodes.Status404NotFound).ForKnown(Catalog.Venues, "venue").RequireAuthorization(Policies.Read);

        venues.MapGet("/", async (IGrainFactory grains, HttpContext http) =>
        {
            var (ids, problem) = Paging.Page(http, await grains.GetGrain<ICatalogGrain>(Catalog.Venues).List());
            if (problem is not null)
            {
                return problem;
            }

            var all = await Task.WhenAll(ids.Select(id => grains.GetGrain<IVenueGrain>(id).Get()));
            return Results.Ok(all.OfType<Venue>().Select(v => ForReader(v, http)));
        }).Produces<Venue[]>().RequireAuthorization(Policies.Read);
    }

    /// <summary>Where a delegate sleeps is security's business: a lodging's name and address go to admin and security only.</summary>
    private static Venue ForReader(Venue venue, HttpContext http) =>
        venue.Kind == VenueKind.Lodging && !http.User.SeesSecurityData()
            ? venue with { Name = SecurityRedaction.LodgingPlaceholder, Address = null }
            : venue;
}
