using SessionOps.Gateway.Api;
using SessionOps.Gateway.Auth;
using SessionOps.Gateway.DemoData;
using SessionOps.Gateway.Hosting;
using SessionOps.Gateway.Operations;

if (args is ["load-demo-data", .. var rest])
{
    await DemoDataCommand.Run(rest);
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddSessionOpsOrleans();
builder.Services.AddSessionOpsAuth(builder.Configuration, builder.Environment);
builder.Services.AddSessionOpsApi();
builder.Services.AddSessionOpsHealth();
builder.Services.AddDemoDataOnStart(builder.Configuration);

var app = builder.Build();
app.UseSessionOpsErrors();
app.UseAuthentication();
app.UseAuthorization();
app.MapSessionOpsHealth();
app.MapSessionOpsApi();
if (app.Environment.IsDevelopment())
{
    app.MapDevTokens();
}

app.Run();

/// <summary>The Gateway's entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
