using SessionOps.Catalogs;
using SessionOps.ConnectionPoints;
using SessionOps.Gateway.Auth;

namespace SessionOps.Gateway.Api;

public sealed record ContactBody(string? Name, string? Phone, string? Email);

public sealed record ConnectionPointBody(string? Name, string? Province, string? Kind, ContactBody?[]? Contacts, string? Backup);

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
                check.Enum<ConnectionPointKind>(body.Kind, "kind"),
                Contacts(body.Contacts, check),
                check.OptionalText(body.Backup, "backup", maxLength: 500));
            if (check.HasErrors)
            {
                return check.Problem();
            }

            var grain = grains.GetGrain<IConnectionPointGrain>(id);
            var result = await grain.Define(spec);
            return result.IsOk ? Results.Ok(await grain.Get()) : result.ToProblem();
        }).Produces<ConnectionPoint>().ProducesValidationProblem().RequireAuthorization(Policies.SetUp);

        points.MapGet("/{id}", async (string id, IGrainFactory grains, KnownIds known, HttpContext http) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            var point = await known.Exists(Catalog.ConnectionPoints, id) ? await grains.GetGrain<IConnectionPointGrain>(id).Get() : null;
            return point is null ? CommandResultExtensions.NotFound("connection point", id)
                : !http.User.Covers(point.Province) ? ProvinceScope.OutOfScope()
                : Results.Ok(ForReader(point, http));
        }).Produces<ConnectionPoint>().ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.Read);

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
        }).Produces<SampleBucket[]>().ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.Read);

        points.MapGet("/", async (IGrainFactory grains, HttpContext http) =>
        {
            var (ids, problem) = Paging.Page(http, await grains.GetGrain<ICatalogGrain>(Catalog.ConnectionPoints).List());
            if (problem is not null)
            {
                return problem;
            }

            var all = await Task.WhenAll(ids.Select(id => grains.GetGrain<IConnectionPointGrain>(id).Get()));
            return Results.Ok(all.OfType<ConnectionPoint>().Where(p => http.User.Covers(p.Province)).Select(p => ForReader(p, http)));
        }).Produces<ConnectionPoint[]>().RequireAuthorization(Policies.Read);
    }

    /// <summary>Whom to call at a point is for those who set it up and run it: admins and operators.</summary>
    private static ConnectionPoint ForReader(ConnectionPoint point, HttpContext http) =>
        http.User.IsInRole(Roles.Admin) || http.User.IsInRole(Roles.Operator) ? point : point.WithoutContacts();

    private const int MaxContacts = 10;

    private static PointContact[]? Contacts(ContactBody?[]? contacts, Validator check)
    {
        if (contacts is null)
        {
            return null;
        }

        if (contacts.Length > MaxContacts)
        {
            check.Add("contacts", $"At most {MaxContacts} contacts.");
        }

        var result = new PointContact[contacts.Length];
        for (var i = 0; i < contacts.Length; i++)
        {
            var field = $"contacts[{i}]";
            if (contacts[i] is not { } contact)
            {
                check.Add(field, "A contact is an object with a name, and a phone or an e-mail.");
                continue;
            }

            result[i] = new PointContact(
                check.Text(contact.Name, $"{field}.name", maxLength: 100),
                check.Phone(contact.Phone, $"{field}.phone"),
                check.Email(contact.Email, $"{field}.email"));
        }

        return result.Length == 0 ? null : result;
    }
}
