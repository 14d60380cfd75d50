using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SessionOps.Agent.Simulation;

/// <summary>
/// <c>dotnet run --project src/Agent -- simulate [--gateway http://localhost:5080] [--flaky 6] [--seconds 0]</c>:
/// for trials and demonstrations, a fleet of agents, one per connection point of a running SessionOps, each sending a
/// realistic heartbeat every second through the batch route. A few points are flaky: they degrade, go silent and come
/// back, so the board has something to show. It signs in with a development token (or an operator's <c>--token</c>)
/// and stops on Ctrl+C or after <c>--seconds</c>. It lives beside the agent, not in the server's image.
/// </summary>
public static class FleetSimulator
{
    /// <summary>0 when stopped as asked; 2 when the arguments or the Gateway's first answers make it impossible.</summary>
    public static async Task<int> Run(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (FormatException problem)
        {
            Console.Error.WriteLine($"simulate: {problem.Message}");
            return 2;
        }

        using var http = new HttpClient { BaseAddress = options.Gateway, Timeout = TimeSpan.FromSeconds(10) };
        JsonElement[] points;
        try
        {
            var token = options.Token ?? await DevToken(http);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            points = await http.GetFromJsonAsync<JsonElement[]>("/api/connection-points") ?? [];
        }
        catch (HttpRequestException problem)
        {
            Console.Error.WriteLine($"simulate: {options.Gateway} did not let the fleet start: {problem.Message}" +
                (options.Token is null ? " (without --token it asks for a development token, which only a Development Gateway gives)" : ""));
            return 2;
        }

        var random = new Random(options.Seed);
        var agents = points
            .Select(p => p.GetProperty("id").GetString()!)
            .Select((id, i) => new Agent(id, flaky: options.Flaky > 0 && i % Math.Max(1, points.Length / options.Flaky) == 1, random.Next()))
            .ToArray();
        Console.WriteLine($"Simulating {agents.Length} connection points ({agents.Count(a => a.Flaky)} flaky) against {options.Gateway}. Ctrl+C stops.");

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        if (options.Seconds > 0)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(options.Seconds));
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var second = 0;
        while (!stop.IsCancellationRequested)
        {
            var batch = agents.Select(a => a.Next(second, DateTimeOffset.Now)).OfType<object>().ToArray();
            try
            {
                var response = await http.PostAsJsonAsync("/api/heartbeats", batch, stop.Token);
                if (!response.IsSuccessStatusCode)
                {
                    Console.WriteLine($"{DateTime.Now:T} {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(stop.Token)}");
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Time is up (or Ctrl+C) while a batch was on its way: the fleet stops here, as asked.
                break;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                Console.WriteLine($"{DateTime.Now:T} the server did not answer: {exception.Message}");
            }

            second++;
            try
            {
                await timer.WaitForNextTickAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return 0;
    }

    private static async Task<string> DevToken(HttpClient http)
    {
        var response = await http.PostAsJsonAsync("/api/dev/token", new { name = "Trình mô phỏng điểm cầu", role = "operator" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private sealed class Agent(string id, bool flaky, int seed)
    {
        private readonly Random _random = new(seed);
        private readonly int _offset = new Random(seed).Next(90);
        private long _seq = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        public bool Flaky { get; } = flaky;

        /// <summary>A flaky point's 90-second cycle: 45 s good, 25 s degraded, 20 s silent.</summary>
        public object? Next(int second, DateTimeOffset now)
        {
            var phase = Flaky ? (second + _offset) % 90 : 0;
            if (phase >= 70)
            {
                return null;
            }

            var degraded = phase >= 45;
            return new
            {
                connectionPointId = id,
                seq = ++_seq,
                sentAt = now.ToString("O", CultureInfo.InvariantCulture),
                latencyMs = degraded ? 320 + _random.Next(300) : 35 + _random.Next(80),
                jitterMs = degraded ? 30 + _random.Next(40) : 2 + _random.Next(12),
                packetLossPct = degraded ? 3.5 + _random.NextDouble() * 4 : _random.NextDouble() * 0.8,
                bitrateKbps = degraded ? 400 + _random.Next(400) : 1800 + _random.Next(700),
                audio = true,
                video = !degraded || _random.Next(4) > 0,
            };
        }
    }

    private sealed record Options(Uri Gateway, string? Token, int Flaky, int Seconds, int Seed)
    {
        public static Options Parse(string[] args)
        {
            string? Value(string name)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            }

            int Count(string name, int fallback) =>
                Value(name) is not { } text ? fallback
                : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count
                : throw new FormatException($"{name} takes a whole number of zero or more, not '{text}'.");

            var gateway = Value("--gateway") ?? Value("--url") ?? "http://localhost:5080";
            if (!Uri.TryCreate(gateway, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new FormatException($"--gateway takes the Gateway's http(s) address, such as http://localhost:5080, not '{gateway}'.");
            }

            return new Options(uri, Value("--token"), Count("--flaky", 6), Count("--seconds", 0), Count("--seed", 7));
        }
    }
}
