using SessionOps.Gateway.Api;
using SessionOps.Gateway.Auth;
using SessionOps.Gateway.DemoData;
using SessionOps.Gateway.Hosting;
using SessionOps.Gateway.Operations;
using SessionOps.Gateway.Pages;
using SessionOps.Gateway.Push;
using Orleans.Dashboard;
using SessionOps.Hosting;

try
{
    switch (args)
    {
        case ["load-demo-data", .. var rest]:
            await DemoDataCommand.Run(rest);
            return 0;
        case ["add-user", .. var rest]:
            return await AddUserCommand.Run(rest);
    }
}
catch (StartupRefusedException refused)
{
    Console.Error.WriteLine($"SessionOps will not start: {refused.Message}");
    return 1;
}

// appsettings*.json are read once at start: reloading them on change watches the whole content root, the working
// directory, where the embedded database is written (data/), and a profile of the heartbeat route showed a watcher
// thread woken by every write. Nothing here takes a new value without a restart anyway.
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
// The pages' files as the build left them (compressed copies under obj/) when run from a build in any environment; a
// published Gateway has them in its wwwroot and no build manifest, and this does nothing there.
builder.WebHost.UseStaticWebAssets();
try
{
    builder.AddSessionOpsOrleans();
    builder.AddSessionOpsTelemetry("sessionops-gateway");
    builder.Services.AddSessionOpsAuth(builder.Configuration, builder.Environment);
}
catch (StartupRefusedException refused)
{
    Console.Error.WriteLine($"SessionOps will not start: {refused.Message}");
    return 1;
}

builder.Services.AddSessionOpsApi();
builder.Services.AddSessionOpsRateLimits(builder.Configuration);
builder.Services.AddSessionOpsHealth(builder.Configuration);
builder.Services.AddSessionOpsPush();
builder.Services.AddDemoDataOnStart(builder.Configuration);

var app = builder.Build();
app.UseSessionOpsErrors();
app.UseSecurityHeaders(app.Configuration);
app.UseAuthentication();
app.UseCsrfProtection();
app.UseRateLimiter();
app.UseAuthorization();
app.UseIdempotencyKeys();
app.MapSessionOpsHealth();
app.MapGatewayMetrics();
app.MapSignIn();
if (Oidc.IsConfigured(app.Configuration))
{
    app.MapOidcSignIn();
}

app.MapSessionOpsApi();
app.MapOpenApi();
app.MapApiDocs();
if (OrleansDashboard.Enabled(app.Configuration, OrleansModeExtensions.IsEmbedded(app.Configuration)))
{
    app.MapOrleansDashboard(OrleansDashboard.Route).RequireAuthorization(Policies.SetUp).ExcludeFromDescription()
        // A grain's state read by reflection, beside grains' mutators: not offered.
        .AddEndpointFilter((context, next) => context.HttpContext.Request.Path.StartsWithSegments($"{OrleansDashboard.Route}/GrainState")
            ? ValueTask.FromResult<object?>(Results.NotFound())
            : next(context));
}

app.MapSessionOpsPush();
app.MapSessionOpsPages();
if (app.Environment.IsDevelopment())
{
    app.MapDevTokens();
    app.MapDevSignIn();
}

app.Run();
return 0;

/// <summary>The Gateway's entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
