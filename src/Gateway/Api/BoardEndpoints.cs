using SessionOps.Boards;
using SessionOps.Catalogs;
using SessionOps.Gateway.Auth;

namespace SessionOps.Gateway.Api;

public static class BoardEndpoints
{
    public static void MapBoards(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sessions/{id}/board", async (string id, IGrainFactory grains, KnownIds known, HttpContext http) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            var board = await known.Exists(Catalog.Sessions, id) ? await grains.GetGrain<ISessionBoardGrain>(id).Get() : null;
            return board is null ? CommandResultExtensions.NotFound("session", id) : Results.Ok(board.ForReader(http.User));
        }).Produces<SessionBoard>().ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.Read);

        // The day's sittings, today in Hà Nội unless ?date=yyyy-MM-dd says otherwise.
        api.MapGet("/board", async (string? date, IGrainFactory grains, TimeProvider clock, HttpContext http) =>
        {
            var check = new Validator();
            var day = date is null ? ParliamentTime.Today(clock) : check.Day(date, "date");
            if (check.HasErrors)
            {
                return check.Problem();
            }

            var ids = await grains.GetGrain<ICatalogGrain>(Catalog.SessionsOn(day)).List();
            var boards = await Task.WhenAll(ids.Select(id => grains.GetGrain<ISessionBoardGrain>(id).Get()));
            return Results.Ok(boards.OfType<SessionBoard>().OrderBy(b => b.ScheduledStart).ThenBy(b => b.SessionId, StringComparer.Ordinal)
                .Select(b => b.ForReader(http.User)));
        }).Produces<SessionBoard[]>().ProducesValidationProblem().RequireAuthorization(Policies.Read);
    }
}
