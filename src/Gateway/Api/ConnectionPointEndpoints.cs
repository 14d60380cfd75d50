using SessionOps.Catalogs;
using SessionOps.ConnectionPoints;
using SessionOps.Gateway.Auth;

namespace SessionOps.Gateway.Api;

public sealed record ConnectionPointBody(string? Name, string? Province, string? Kind);

public static class ConnectionPointEndpoints
{
    public static void MapConnectionPoints(this IEndpointRouteBuilder api)
    {
        var points = api.MapGroup("/connection-points");

        points.MapPut("/{id}", async (string id, ConnectionPointBody body, IGrainFactory grains) =>
        {
            var check = new Validator();
            check.Id(id, "id");
            var spec = new ConnectionPointSpec(
                check.Text(body.Name, "name"),
                check.Text(body.Province, "province", maxLength: 100),
                check.Enum<ConnectionPointKind>(body.Kind, "kind"));
            if (check.HasErrors)
            {
                return check.Problem();
            }

            var grain = grains.GetGrain<IConnectionPointGrain>(id);
            var result = await grain.Define(spec);
            return result.IsOk ? Results.Ok(await grain.Get()) : result.ToProblem();
        }).RequireAuthorization(Policies.SetUp);

        points.MapGet("/{id}", async (string id, IGrainFactory grains, KnownIds known, HttpContext http) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            var point = await known.Exists(Catalog.ConnectionPoints, id) ? await grains.GetGrain<IConnectionPointGrain>(id).Get() : null;
            return point is null ? CommandResultExtensions.NotFound("connection point", id)
                : !http.User.Covers(point.Province) ? ProvinceScope.OutOfScope()
                : Results.Ok(point);
        }).RequireAuthorization(Policies.Read);

        points.MapGet("/{id}/samples", async (string id, IGrainFactory grains, KnownIds known, HttpContext http) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            var grain = grains.GetGrain<IConnectionPointGrain>(id);
            var point = await known.Exists(Catalog.ConnectionPoints, id) ? await grain.Get() : null;
            return point is null ? CommandResultExtensions.NotFound("connection point", id)
                : !http.User.Covers(point.Province) ? ProvinceScope.OutOfScope()
                : Results.Ok(await grain.GetSamples());
        }).RequireAuthorization(Policies.Read);

        points.MapGet("/", async (IGrainFactory grains, HttpContext http) =>
        {
            var (ids, problem) = Paging.Page(http, await grains.GetGrain<ICatalogGrain>(Catalog.ConnectionPoints).List());
            if (problem is not null)
            {
                return problem;
            }

            var all = await Task.WhenAll(ids.Select(id => grains.GetGrain<IConnectionPointGrain>(id).Get()));
            return Results.Ok(all.OfType<ConnectionPoint>().Where(p => http.User.Covers(p.Province)));
        }).RequireAuthorization(Policies.Read);
    }
}
