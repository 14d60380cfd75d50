using SessionOps.Gateway.Api;
using SessionOps.Gateway.Auth;
using SessionOps.Gateway.DemoData;
using SessionOps.Gateway.Hosting;
using SessionOps.Gateway.Operations;
using SessionOps.Gateway.Pages;
using SessionOps.Gateway.Push;
using SessionOps.Gateway.Simulation;
using SessionOps.Hosting;

switch (args)
{
    case ["load-demo-data", .. var rest]:
        await DemoDataCommand.Run(rest);
        return;
    case ["simulate-agents", .. var rest]:
        await AgentSimulator.Run(rest);
        return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddSessionOpsOrleans();
builder.AddSessionOpsTelemetry("sessionops-gateway");
builder.Services.AddSessionOpsAuth(builder.Configuration, builder.Environment);
builder.Services.AddSessionOpsApi();
builder.Services.AddSessionOpsHealth();
builder.Services.AddSessionOpsPush();
builder.Services.AddDemoDataOnStart(builder.Configuration);

var app = builder.Build();
app.UseSessionOpsErrors();
app.UseAuthentication();
app.UseAuthorization();
app.MapSessionOpsHealth();
app.MapSessionOpsMetrics();
app.MapSessionOpsApi();
app.MapSessionOpsPush();
app.MapSessionOpsPages();
if (app.Environment.IsDevelopment())
{
    app.MapDevTokens();
}

app.Run();

/// <summary>The Gateway's entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
