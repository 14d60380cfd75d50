namespace SessionOps.Gateway.Auth;

/// <summary>The values of the <c>role</c> claim.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Security = "security";
    public const string Leadership = "leadership";

    public static readonly string[] All = [Admin, Operator, Security, Leadership];

    /// <summary>Those who may see routes, waypoints and lodging.</summary>
    public static bool SeesSecurityData(this System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Admin) || user.IsInRole(Security);
}

/// <summary>The contract's role table, one policy per row.</summary>
public static class Policies
{
    public const string SetUp = "set-up";
    public const string Read = "read";
    public const string ChangePhase = "change-phase";

    public static void AddSessionOpsPolicies(this Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(SetUp, policy => policy.RequireRole(Roles.Admin));
        options.AddPolicy(Read, policy => policy.RequireRole(Roles.All));
        options.AddPolicy(ChangePhase, policy => policy.RequireRole(Roles.Admin, Roles.Operator));
    }
}
