using System.Security.Claims;
using SessionOps.Accounts;
using SessionOps.Catalogs;
using SessionOps.Gateway.Auth;

namespace SessionOps.Gateway.Api;

public sealed record UserBody(string? Name, string? Role, string[]? Provinces);

public sealed record PasswordBody(string? Password, string? CurrentPassword);

/// <summary>A user as the API shows them: never a password or its hash.</summary>
public sealed record UserView(string Id, string Name, string Role, string[] Provinces, bool Disabled, bool HasPassword,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PasswordChangedAt)
{
    public static UserView Of(UserRecord user) => new(user.Id, user.Name, user.Role.Camel(), user.Provinces, user.Disabled,
        user.HasPassword, user.CreatedAt, user.UpdatedAt, user.PasswordChangedAt);
}

/// <summary><c>/api/users</c>: accounts, set up by admins; a user may change their own password.</summary>
public static class UserEndpoints
{
    public static void MapUsers(this IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/users");

        users.MapPut("/{id}", async (string id, UserBody body, HttpContext http, IGrainFactory grains, AccessRevocations revocations, AuditTrail audit) =>
        {
            var check = new Validator();
            check.Id(id, "id");
            var spec = ValidateSpec(body, check);
            if (check.HasErrors)
            {
                return check.Problem();
            }

            var grain = grains.GetGrain<IUserGrain>(id);
            await audit.Record(http.User, "user-defined", "user", id, $"{spec.Role.Camel()} {string.Join(";", spec.Provinces)}");
            var change = await grain.Define(spec);
            await revocations.Revoke(new AccessRevocation(change.EndedSessions, []));
            return Results.Ok(UserView.Of((await grain.Get())!));
        }).Produces<UserView>().ProducesValidationProblem().RequireAuthorization(Policies.SetUp);

        users.MapGet("/{id}", async (string id, IGrainFactory grains, KnownIds known) =>
            await Find(id, grains, known) is { } user ? Results.Ok(UserView.Of(user)) : Missing(id)).Produces<UserView>().ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.SetUp);

        users.MapGet("/", async (IGrainFactory grains, HttpContext http) =>
        {
            var (ids, problem) = Paging.Page(http, await grains.GetGrain<ICatalogGrain>(Catalog.Users).List());
            if (problem is not null)
            {
                return problem;
            }

            var all = await Task.WhenAll(ids.Select(id => grains.GetGrain<IUserGrain>(id).Get()));
            return Results.Ok(all.OfType<UserRecord>().Select(UserView.Of));
        }).Produces<UserView[]>().RequireAuthorization(Policies.SetUp);

        users.MapPost("/{id}/disable", (string id, HttpContext http, IGrainFactory grains, KnownIds known, AccessRevocations revocations, AuditTrail audit) =>
            Change(id, http, grains, known, revocations, audit, "user-disabled", grain => grain.Disable())).Produces<UserView>().ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.SetUp);

        users.MapPost("/{id}/enable", (string id, HttpContext http, IGrainFactory grains, KnownIds known, AccessRevocations revocations, AuditTrail audit) =>
            Change(id, http, grains, known, revocations, audit, "user-enabled", grain => grain.Enable())).Produces<UserView>().ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.SetUp);

        users.MapPost("/{id}/password", async (string id, PasswordBody body, HttpContext http, IGrainFactory grains, KnownIds known,
            Passwords passwords, AccessRevocations revocations, AuditTrail audit) =>
        {
            var self = http.User.FindFirstValue(SessionOpsClaims.Method) == SignInMethods.Password && http.User.AccountId() == id;
            if (!self && !http.User.IsInRole(Roles.Admin))
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.",
                    detail: "An admin sets other users' passwords; a user changes their own, signed in with it.");
            }

            var check = new Validator();
            if (Passwords.Problem(body.Password) is { } problem)
            {
                check.Add("password", problem);
            }

            if (self && !http.User.IsInRole(Roles.Admin) && string.IsNullOrEmpty(body.CurrentPassword))
            {
                check.Add("currentPassword", "currentPassword is required to change your own password.");
            }

            if (check.HasErrors)
            {
                return check.Problem();
            }

            if (await Find(id, grains, known) is null)
            {
                return Missing(id);
            }

            var grain = grains.GetGrain<IUserGrain>(id);
            if (!string.IsNullOrEmpty(body.CurrentPassword) && self &&
                passwords.Check((await grain.Credentials())?.PasswordHash, body.CurrentPassword) == PasswordCheck.Wrong)
            {
                check.Add("currentPassword", "The current password is wrong.");
                return check.Problem();
            }

            await audit.Record(http.User, "password-set", "user", id);
            // Every other session of the user ends: the one that changed its own password stays.
            var change = await grain.SetPasswordHash(passwords.Hash(body.Password!), self ? http.User.SessionKeyOf() : null);
            if (!change.Result.IsOk)
            {
                return change.Result.ToProblem();
            }

            await revocations.Revoke(new AccessRevocation(change.EndedSessions, []));
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static UserSpec ValidateSpec(UserBody body, Validator check)
    {
        var name = check.Text(body.Name, "name");
        var role = check.Enum<UserRole>(body.Role, "role");
        var provinces = (body.Provinces ?? []).Select((p, i) => check.Text(p, $"provinces[{i}]", maxLength: 100)).Distinct().ToArray();
        if (provinces.Length > 0 && role is UserRole.Admin or UserRole.Security)
        {
            check.Add("provinces", "Only operators and leadership are scoped to provinces; admins and security see every province.");
        }

        return new UserSpec(name, role, provinces);
    }

    private static async Task<IResult> Change(string id, HttpContext http, IGrainFactory grains, KnownIds known,
        AccessRevocations revocations, AuditTrail audit, string action, Func<IUserGrain, Task<UserChange>> change)
    {
        if (await Find(id, grains, known) is null)
        {
            return Missing(id);
        }

        var grain = grains.GetGrain<IUserGrain>(id);
        await audit.Record(http.User, action, "user", id);
        var result = await change(grain);
        if (!result.Result.IsOk)
        {
            return result.Result.ToProblem();
        }

        await revocations.Revoke(new AccessRevocation(result.EndedSessions, []));
        return Results.Ok(UserView.Of((await grain.Get())!));
    }

    private static async Task<UserRecord?> Find(string id, IGrainFactory grains, KnownIds known) =>
        ResourceId.IsValid(id) && await known.Exists(Catalog.Users, id) ? await grains.GetGrain<IUserGrain>(id).Get() : null;

    private static IResult Missing(string id) =>
        CommandResultExtensions.InvalidRouteId(id) ?? CommandResultExtensions.NotFound("user", id);
}
