using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SessionOps.Agent;

/// <summary>
/// <c>dotnet run --project src/Agent -- --gateway URL --point ID --key KEY --probe HOST:PORT [--status-url URL |
/// --status-command CMD]</c>, or the same as <c>Agent:*</c> in appsettings.json or the environment (<c>Agent__Key</c>).
/// Runs in a console, as a systemd unit (logging to the journal) or as a Windows service.
/// </summary>
public static class AgentHost
{
    private static readonly Dictionary<string, string> Switches = new()
    {
        ["--gateway"] = "Agent:Gateway",
        ["--point"] = "Agent:Point",
        ["--key"] = "Agent:Key",
        ["--probe"] = "Agent:Probes",
        ["--status-url"] = "Agent:StatusUrl",
        ["--status-command"] = "Agent:StatusCommand",
        ["--interval"] = "Agent:Interval",
        ["--backlog"] = "Agent:BacklogPath",
    };

    /// <summary>The agent's host, or null (with the problems logged) when its settings cannot work.</summary>
    public static IHost? Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, Switches);
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService(service => service.ServiceName = "SessionOps Agent");

        var options = builder.Configuration.GetSection("Agent").Get<AgentOptions>() ?? new AgentOptions();
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            using var factory = LoggerFactory.Create(logging => logging.AddConsole());
            var logger = factory.CreateLogger("SessionOps.Agent");
            foreach (var problem in problems)
            {
                logger.LogCritical("The agent cannot start: {Problem}", problem);
            }

            return null;
        }

        var backlogPath = string.IsNullOrWhiteSpace(options.BacklogPath)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
                "sessionops-agent", $"backlog-{options.Point}.jsonl")
            : options.BacklogPath;
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new Backlog(backlogPath, options.MaxBacklog));
        builder.Services.AddSingleton(_ => new HttpClient
        {
            BaseAddress = new Uri(options.Gateway.EndsWith('/') ? options.Gateway : options.Gateway + "/"),
            // Delivery has a loop of its own: a Gateway that does not answer delays only it.
            Timeout = TimeSpan.FromSeconds(5),
        });
        builder.Services.AddSingleton<StatusSource>();
        builder.Services.AddSingleton<AgentWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AgentWorker>());
        return builder.Build();
    }
}

public static class AgentProgram
{
    /// <summary>0 when stopped on request; 2 when the settings cannot work; 3 when the Gateway refuses the key.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["simulate", .. var rest])
        {
            return await Simulation.FleetSimulator.Run(rest);
        }

        using var host = AgentHost.Build(args);
        if (host is null)
        {
            return 2;
        }

        await host.RunAsync();
        return Environment.ExitCode;
    }
}
