using SessionOps.Hosting;

// A silo of the cluster: grain state, reminders and membership in Redis (ConnectionStrings:Redis).
var builder = WebApplication.CreateSlimBuilder(args);
builder.UseOrleans(silo => silo.UseSessionOpsCluster(builder.Configuration));
builder.AddSessionOpsTelemetry("sessionops-silo");
builder.Services.AddHealthChecks();
// Room to deactivate grains and hand over before the process exits; under Kubernetes' grace period.
builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(50));

var app = builder.Build();
app.MapHealthChecks("/healthz");
app.MapSessionOpsMetrics();
app.Run();
