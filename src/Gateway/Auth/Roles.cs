namespace SessionOps.Gateway.Auth;

/// <summary>The values of the <c>role</c> claim.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Security = "security";
    public const string Leadership = "leadership";

    /// <summary>A connection point's agent: it may send heartbeats and nothing else.</summary>
    public const string Agent = "agent";

    /// <summary>The people who use SessionOps; every one of them may read the boards.</summary>
    public static readonly string[] All = [Admin, Operator, Security, Leadership];

    public static readonly string[] Issuable = [.. All, Agent];

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
    public const string Heartbeats = "heartbeats";
    public const string HandleIncidents = "handle-incidents";
    public const string RecordChecks = "record-checks";
    public const string SecurityWork = "security-work";
    public const string MarkAttendance = "mark-attendance";
    public const string ReadAudit = "read-audit";

    public static void AddSessionOpsPolicies(this Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(SetUp, policy => policy.RequireRole(Roles.Admin));
        options.AddPolicy(Read, policy => policy.RequireRole(Roles.All));
        options.AddPolicy(ChangePhase, policy => policy.RequireRole(Roles.Admin, Roles.Operator));
        options.AddPolicy(Heartbeats, policy => policy.RequireRole(Roles.Admin, Roles.Operator, Roles.Agent));
        // Which incidents each may handle depends on the incident: technical ones operators, security ones security.
        options.AddPolicy(HandleIncidents, policy => policy.RequireRole(Roles.Admin, Roles.Operator, Roles.Security));
        // Likewise checks: technical items are the operators', sweeps security's.
        options.AddPolicy(RecordChecks, policy => policy.RequireRole(Roles.Admin, Roles.Operator, Roles.Security));
        options.AddPolicy(SecurityWork, policy => policy.RequireRole(Roles.Admin, Roles.Security));
        // Operators mark delegates online at their points, security in the hall; the endpoint checks which.
        options.AddPolicy(MarkAttendance, policy => policy.RequireRole(Roles.Admin, Roles.Operator, Roles.Security));
        options.AddPolicy(ReadAudit, policy => policy.RequireRole(Roles.Admin));
    }
}
