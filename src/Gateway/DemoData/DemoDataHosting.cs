using SessionOps.Gateway.Hosting;

namespace SessionOps.Gateway.DemoData;

public static class DemoDataHosting
{
    /// <summary>With <c>DemoData</c> on (the default in Development), the demo data is there before the first request is served.</summary>
    public static IServiceCollection AddDemoDataOnStart(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<DemoDataLoader>();
        if (configuration.GetValue<bool>("DemoData"))
        {
            services.AddHostedService<DemoDataOnStart>();
        }

        return services;
    }
}

internal sealed class DemoDataOnStart(DemoDataLoader loader) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => loader.LoadIfEmptyOrDemo();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// <c>dotnet run --project src/Gateway -- load-demo-data [configuration]</c>: loads the demo data set in whatever
/// mode the configuration names, without serving anything, and exits.
/// </summary>
public static class DemoDataCommand
{
    public static async Task Run(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddSessionOpsOrleans();
        builder.Services.AddSingleton<DemoDataLoader>();
        using var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<DemoDataLoader>().LoadAll();
        await host.StopAsync();
    }
}
