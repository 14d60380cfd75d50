using System.Net.Sockets;
using SessionOps.Accounts;
using SessionOps.Gateway.Api;
using SessionOps.Gateway.Hosting;
using SessionOps.Hosting;

namespace SessionOps.Gateway.Auth;

/// <summary>
/// <c>dotnet run --project src/Gateway -- add-user ID --name "NAME" --role admin [--provinces "Huế;Đà Nẵng"]</c>: creates
/// or updates an account and sets its password, read as one line from standard input. In cluster mode it is a client of
/// the silos; in embedded mode it joins the running Gateway's silo when there is one, and otherwise opens the SQLite
/// file itself, so that it works whether a Gateway is running or not.
/// </summary>
public static class AddUserCommand
{
    public static async Task<int> Run(string[] args)
    {
        if (args is not [var id, .. var rest] || id.StartsWith('-'))
        {
            return Usage("the user's id is missing");
        }

        var options = Options(rest);
        var check = new Validator();
        check.Id(id, "id");
        var spec = UserEndpoints.ValidateSpec(new UserBody(
            options.GetValueOrDefault("name"), options.GetValueOrDefault("role"),
            options.GetValueOrDefault("provinces")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), check);
        if (check.HasErrors)
        {
            return Usage("the user is not valid");
        }

        if (!Console.IsInputRedirected)
        {
            Console.Error.Write("Password (at least 12 characters): ");
        }

        var password = Console.ReadLine();
        if (Passwords.Problem(password) is { } problem)
        {
            Console.Error.WriteLine(problem);
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(rest);
        // A one-shot command: the silo's start-up chatter (and its watchdog's first check) is noise here.
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        if (OrleansModeExtensions.IsEmbedded(builder.Configuration) && await EmbeddedGatewayIsRunning(builder.Configuration))
        {
            // Two silos on one SQLite file would each believe they hold the grains: speak to the running one instead.
            var settings = OrleansSettings.From(builder.Configuration);
            builder.UseOrleansClient(client => client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId));
        }
        else
        {
            builder.AddSessionOpsOrleans();
        }

        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var user = grains.GetGrain<IUserGrain>(id);
        await user.Define(spec);
        await user.SetPasswordHash(new Passwords().Hash(password!));
        Console.WriteLine($"User '{id}' ({spec.Role.Camel()}) is ready; sign in at /signin.");
        await host.StopAsync();
        return 0;
    }

    private static readonly string[] OwnOptions = ["--name", "--role", "--provinces"];

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (OwnOptions.Contains(args[i]))
            {
                options[args[i][2..]] = args[i + 1];
            }
        }

        return options;
    }

    private static async Task<bool> EmbeddedGatewayIsRunning(IConfiguration configuration)
    {
        try
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync("127.0.0.1", OrleansSettings.From(configuration).GatewayPort).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"add-user: {problem}.");
        Console.Error.WriteLine("usage: add-user ID --name \"NAME\" --role admin|operator|security|leadership [--provinces \"A;B\"] [configuration]");
        Console.Error.WriteLine("       the password is read from standard input (one line, at least 12 characters).");
        return 2;
    }
}
