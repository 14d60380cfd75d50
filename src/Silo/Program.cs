using SessionOps.Hosting;

// A silo of the cluster: grain state, reminders and membership in Redis (ConnectionStrings:Redis).
var builder = WebApplication.CreateSlimBuilder(args);
builder.UseOrleans(silo => silo.UseSessionOpsCluster(builder.Configuration));
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/healthz");
app.Run();
