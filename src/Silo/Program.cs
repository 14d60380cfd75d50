using SessionOps.Hosting;

// A silo of the cluster: grain state, reminders and membership in Redis (ConnectionStrings:Redis), its Orleans
// connections over mutual TLS (Orleans:Tls:*).
var builder = WebApplication.CreateSlimBuilder(args);
try
{
    builder.UseOrleans(silo => silo.UseSessionOpsCluster(builder.Configuration, builder.Environment));
}
catch (StartupRefusedException refused)
{
    Console.Error.WriteLine($"SessionOps will not start: {refused.Message}");
    return 1;
}

builder.AddSessionOpsTelemetry("sessionops-silo");
builder.Services.AddHealthChecks();
// Room to deactivate grains and hand over before the process exits; under Kubernetes' grace period.
builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(50));

var app = builder.Build();
app.MapHealthChecks("/healthz");
app.MapSessionOpsMetrics();
app.Run();
return 0;
