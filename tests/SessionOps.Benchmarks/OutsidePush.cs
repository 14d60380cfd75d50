using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionOps.Boards;
using SessionOps.ConnectionPoints;

namespace SessionOps.Benchmarks;

/// <summary>
/// <c>-- --outside --push [--quick]</c>: the push of a change of health measured from outside the server, as screens see
/// it. The server runs in a process of its own pinned to core 0 (<c>taskset</c>); this process, with its SignalR clients,
/// pins itself to core 1. The baseline is a bare SignalR hub (the benchmark's own <see cref="BareHub"/>, in a process of
/// this assembly started with <c>--bare-hub PORT</c>) whose HTTP trigger broadcasts the same-shaped
/// <c>ConnectionPointChanged</c> to the session's group; the driver stamps the time right before it posts the trigger.
/// For the Gateway (embedded default, Development, demo data off) the driver stamps right before the heartbeat that
/// decides the change and times every heartbeat of the change (the 2 or 4 before it and itself), with the screens
/// subscribed and, in the same process just before, with nobody subscribed. The stalled run adds 5 raw WebSockets that
/// complete the SignalR handshake, subscribe to the session and then never read; each is also subscribed several times
/// to a large filler session (which never changes) so that its socket and SignalR buffers are full before the run,
/// and one that the Gateway drops (its send timeout) is replaced before the next change. Figures are printed, never asserted.
/// </summary>
public static class OutsidePush
{
    private const string Session = "bench-push";
    private const string FillSession = "bench-push-fill";
    private const int FillPoints = 300;
    private const int Stalled = 5;
    /// <summary>What each stalled socket is sent before the run: beyond the kernel's send buffer on loopback (~2.6 MB) and SignalR's pipes.</summary>
    private const long FillBytes = 4L * 1024 * 1024;
    private static readonly string[] Points = ["push-0", "push-1", "push-2", "push-3"];

    public sealed record Row(string Name, PushResult Push, double? HeartbeatMs = null, double? QuietHeartbeatMs = null,
        double? DecidingMs = null, double? QuietDecidingMs = null, int Replaced = 0);

    public static async Task<int> Run(string[] args)
    {
        var hubAt = Array.IndexOf(args, "--bare-hub");
        if (hubAt >= 0 && hubAt + 1 < args.Length)
        {
            await ServeBareHub(int.Parse(args[hubAt + 1], CultureInfo.InvariantCulture));
            return 0;
        }

        // The load side on core 1; the servers are started on core 0.
        using (var pin = Process.Start(new ProcessStartInfo("taskset", ["-a", "-p", "-c", "1", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)])
               { RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            await pin.StandardOutput.ReadToEndAsync();
            await pin.WaitForExitAsync();
        }

        var quick = args.Contains("--quick");
        // A thousand screens: 100 changes, so that the p99 (the 1,000th slowest of 100,000 arrivals) is not the slowest
        // single change, which swung the ratio 1.0–2.6× from run to run with 40 (session 13).
        var changes = quick ? 10 : 100;
        // The stalled-socket ratio compares two p99s of 100 clients whose latencies within a change move together: with
        // 40 changes each p99 was the slowest change or two (1.42× in one run, 0.46× in another). More changes for the
        // two runs of 100 clients, which are quick.
        var changesOf100 = quick ? 10 : 120;
        // At least one change per point, so that a point gone offline while clients connected is back before the measured changes.
        var warmup = quick ? 4 : 8;
        var rows = new List<Row>();

        using (var bare = await StartBareHub())
        {
            Sections.Say($"bare hub on {bare.BaseAddress} (core 0), clients on core 1");
            rows.Add(await BareRun(bare, 100, changesOf100, warmup));
            rows.Add(await BareRun(bare, 1000, changes, warmup));
        }

        var directory = Directory.CreateTempSubdirectory("sessionops-outside-push-").FullName;
        try
        {
            using var gateway = await ServerProcess.Gateway(Path.Combine(directory, "gateway.db"));
            using var driver = await GatewayDriver.Start(gateway);
            Sections.Say($"gateway on {gateway.BaseAddress} (core 0); filler board {driver.FillBoardBytes / 1024.0:0} KB, {driver.Fills} subscriptions per stalled socket");
            // The push path and the heartbeat route at their final tier before anything is measured.
            await driver.Quiet(warmup * 4);
            driver.TakeTimes();
            rows.Add(await GatewayRun(gateway, driver, 100, stalled: false, changesOf100, warmup));
            rows.Add(await GatewayRun(gateway, driver, 100, stalled: true, changesOf100, warmup));
            rows.Add(await GatewayRun(gateway, driver, 1000, stalled: false, changes, warmup));
            Console.WriteLine($"gateway resident memory after the runs: {gateway.ResidentMegabytes():0} MB");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        string[] order = ["bare hub, 100", "gateway, 100", $"gateway, 100 + {Stalled} stalled", "bare hub, 1000", "gateway, 1000"];
        Console.WriteLine();
        Console.WriteLine(Table(order.Select(name => rows.Single(r => r.Name == name)).ToList()));
        return 0;
    }

    public static string Table(IReadOnlyList<Row> rows)
    {
        static string Ms(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "–";
        var text = new StringBuilder();
        text.AppendLine("| run | clients | changes | p50 ms | p99 ms | max ms | missed | heartbeats of a change, mean ms | same, no subscribers, mean ms | deciding heartbeat, mean ms | same, no subscribers, mean ms |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Push.Clients:N0} | {r.Push.Changes} | {r.Push.P50Ms:0.0} | {r.Push.P99Ms:0.0} | {r.Push.MaxMs:0.0} | {r.Push.Missed} | " +
                $"{Ms(r.HeartbeatMs)} | {Ms(r.QuietHeartbeatMs)} | {Ms(r.DecidingMs)} | {Ms(r.QuietDecidingMs)} |");
        }

        text.AppendLine();
        Row Of(string name) => rows.Single(r => r.Name == name);
        foreach (var clients in new[] { 100, 1000 })
        {
            var (bare, gateway) = (Of($"bare hub, {clients}"), Of($"gateway, {clients}"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{clients:N0} clients: gateway p99 / bare hub p99 = {gateway.Push.P99Ms / bare.Push.P99Ms:0.00}× ({gateway.Push.P99Ms:0.0} ms against {bare.Push.P99Ms:0.0} ms; goal ≤ 1.5× and < 100 ms); " +
                $"heartbeats with / without subscribers = {gateway.HeartbeatMs / gateway.QuietHeartbeatMs:0.00}× ({gateway.HeartbeatMs:0.0} ms against {gateway.QuietHeartbeatMs:0.0} ms; goal ≤ 1×)");
        }

        var (unstalled, stalled) = (Of("gateway, 100"), Of($"gateway, 100 + {Stalled} stalled"));
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{Stalled} stalled clients: p99 stalled / unstalled = {stalled.Push.P99Ms / unstalled.Push.P99Ms:0.00}× ({stalled.Push.P99Ms:0.0} ms against {unstalled.Push.P99Ms:0.0} ms; goal ≤ 1.2×); " +
            $"missed {stalled.Push.Missed} of {stalled.Push.Clients * stalled.Push.Changes:N0} (goal 0); stalled sockets dropped by the Gateway and replaced during the run: {stalled.Replaced}");
        return text.ToString();
    }

    /// <summary>
    /// A thousand screens see at most ten changes a second. Back to back, a change every 40 ms passed the Gateway's
    /// budget of sends a second to a session (20,000, a change costing one send per screen), beyond which a change is
    /// told by the next board alone (<c>PushOutbox</c>) — a protection this measure of the push path is not about. Both
    /// the bare hub and the Gateway are paced alike.
    /// </summary>
    private static TimeSpan PaceFor(int clients) => clients >= 1000 ? TimeSpan.FromMilliseconds(100) : TimeSpan.Zero;

    private static async Task<Row> BareRun(ServerProcess bare, int clients, int changes, int warmup)
    {
        using var http = new HttpClient { BaseAddress = bare.BaseAddress };
        await using var crowd = await PushClients.Connect(new Uri(bare.BaseAddress, "/hubs/bare"), null, clients, c => c.InvokeAsync("Subscribe", Session));
        crowd.Pace = PaceFor(clients);
        // Each point turns degraded and online in turn, as the Gateway's do.
        static (string Id, string Health) Change(int k) => (Points[k % Points.Length], (k / Points.Length) % 2 == 0 ? "degraded" : "online");
        Func<int, Task<(string Id, string Health)>> prepare = k => Task.FromResult(Change(k));
        Func<int, Action, Task> trigger = async (k, stamp) =>
        {
            var (id, health) = Change(k);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/push/{Session}/{id}/{health}");
            stamp();
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
        };
        await crowd.Run("bare hub warm-up", clients >= 1000 ? warmup * 2 : warmup, prepare, trigger);
        var result = await crowd.Run($"bare hub, {clients}", changes, prepare, trigger);
        Say(result, crowd.ConnectSeconds);
        return new Row(result.Target, result);
    }

    private static async Task<Row> GatewayRun(ServerProcess gateway, GatewayDriver driver, int clients, bool stalled, int changes, int warmup)
    {
        var name = stalled ? $"gateway, {clients} + {Stalled} stalled" : $"gateway, {clients}";
        // The same changes with nobody subscribed, in the same process, right before.
        await driver.Quiet(changes);
        var (quietAll, quietDeciding) = driver.TakeTimes();

        await using var crowd = await PushClients.Connect(new Uri(gateway.BaseAddress, "/hubs/ops"), driver.OperatorToken, clients,
            c => c.InvokeAsync<JsonElement>("Subscribe", Session));
        crowd.Pace = PaceFor(clients);
        using var frozen = stalled ? await FrozenScreens.Open(gateway.BaseAddress, driver, Stalled) : null;
        if (frozen is not null)
        {
            // Let the Gateway write the filler boards into the stalled sockets until they are full.
            await Task.Delay(TimeSpan.FromSeconds(1));
            Sections.Say($"         stalled sockets open: {frozen.Describe(gateway.BaseAddress.Port)}");
        }

        Func<int, Task<(string Id, string Health)>> prepare = async k =>
        {
            if (frozen is not null)
            {
                await frozen.ReplaceDropped();
            }

            return await driver.Prepare(k);
        };
        await crowd.Run($"{name} warm-up", clients >= 1000 ? warmup * 2 : warmup, prepare, driver.Trigger);
        driver.TakeTimes();
        var replacedBefore = frozen?.Replaced ?? 0;
        var result = await crowd.Run(name, changes, prepare, driver.Trigger);
        var (all, deciding) = driver.TakeTimes();
        var replaced = (frozen?.Replaced ?? 0) - replacedBefore;
        Say(result, crowd.ConnectSeconds);
        var note = frozen is null ? "" : $"; stalled sockets replaced {replaced}; after the run: {frozen.Describe(gateway.BaseAddress.Port)}";
        Sections.Say(string.Create(CultureInfo.InvariantCulture,
            $"         heartbeats of a change {all:0.0} ms (no subscribers {quietAll:0.0} ms), deciding {deciding:0.0} ms (no subscribers {quietDeciding:0.0} ms){note}"));
        return new Row(name, result, all, quietAll, deciding, quietDeciding, replaced);
    }

    private static void Say(PushResult r, double connectSeconds) => Sections.Say(string.Create(CultureInfo.InvariantCulture,
        $"push     {r.Target,-28} {r.Changes} changes  p50 {r.P50Ms,7:0.0} ms  p99 {r.P99Ms,7:0.0} ms  max {r.MaxMs,7:0.0} ms  missed {r.Missed}  (connect {connectSeconds:0.0} s)"));

    private static Task<ServerProcess> StartBareHub()
    {
        var port = BenchHost.FreePort();
        var self = typeof(OutsidePush).Assembly.Location;
        return ServerProcess.Start(["dotnet", self, "--outside", "--push", "--bare-hub", port.ToString(CultureInfo.InvariantCulture)], port, new Dictionary<string, string>());
    }

    /// <summary>
    /// The baseline hub as a process of its own: <see cref="BareHub"/> on <c>/hubs/bare</c> and
    /// <c>POST /push/{session}/{point}/{health}</c>, which broadcasts a <see cref="PointChange"/> to the session's group
    /// and answers when the group send completes. No authentication, no grains.
    /// </summary>
    private static async Task ServeBareHub(int port)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection([
            new("Logging:LogLevel:Default", "Warning"),
            new("Logging:LogLevel:Microsoft.AspNetCore", "Warning"),
            new("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning"),
        ]);
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSignalR().AddJsonProtocol(options =>
            options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        var app = builder.Build();
        app.MapGet("/healthz", () => "ok");
        app.MapHub<BareHub>("/hubs/bare");
        app.MapPost("/push/{sessionId}/{pointId}/{health}", async (string sessionId, string pointId, string health, IHubContext<BareHub> hub) =>
        {
            var now = DateTimeOffset.UtcNow;
            var to = health == "degraded" ? LinkHealth.Degraded : LinkHealth.Online;
            var from = to == LinkHealth.Degraded ? LinkHealth.Online : LinkHealth.Degraded;
            var change = new PointChange(sessionId, pointId, $"Điểm cầu {pointId}", "Huế", to, from, 450, 60, 6, 600, true, true, now, now, 12);
            await hub.Clients.Group("session:" + sessionId).SendAsync("ConnectionPointChanged", change);
        });
        await app.RunAsync();
    }

    /// <summary>The Gateway's side of the runs: the session, the tokens, and the heartbeats that change a point's health, timed.</summary>
    private sealed class GatewayDriver : IDisposable
    {
        private readonly HttpClient _admin;
        private readonly HttpClient _agent;
        private readonly long[] _seqs = new long[Points.Length];
        private readonly bool[] _worse = new bool[Points.Length];
        private readonly List<double> _all = [];
        private readonly List<double> _deciding = [];

        private GatewayDriver(HttpClient admin, HttpClient agent, string operatorToken, int fillBoardBytes)
        {
            _admin = admin;
            _agent = agent;
            OperatorToken = operatorToken;
            FillBoardBytes = fillBoardBytes;
        }

        public string OperatorToken { get; }

        public int FillBoardBytes { get; }

        /// <summary>Subscriptions to the filler session per stalled socket: each sends its board twice (a push and the answer).</summary>
        public int Fills => (int)Math.Clamp(FillBytes / (2L * Math.Max(FillBoardBytes, 1)) + 1, 1, 100);

        public Uri BaseAddress => _admin.BaseAddress!;

        public static async Task<GatewayDriver> Start(ServerProcess gateway)
        {
            var admin = await gateway.Client("admin");
            (await admin.PutAsJsonAsync("/api/venues/bench-hall", new { name = "Hội trường Diên Hồng", kind = "hall", address = "Số 1 Độc Lập" })).EnsureSuccessStatusCode();
            var fill = Enumerable.Range(0, FillPoints).Select(i => $"push-fill-{i}").ToArray();
            foreach (var chunk in Points.Concat(fill).Chunk(25))
            {
                await Task.WhenAll(chunk.Select(async point =>
                    (await admin.PutAsJsonAsync($"/api/connection-points/{point}", new
                    {
                        name = point.StartsWith("push-fill", StringComparison.Ordinal)
                            ? $"Điểm cầu dự phòng của Đoàn đại biểu Quốc hội tỉnh Thừa Thiên Huế, phòng họp trực tuyến số {point}"
                            : $"Điểm cầu {point}",
                        province = "Huế",
                        kind = "provincialDelegation",
                    })).EnsureSuccessStatusCode()));
            }

            var start = DateTimeOffset.UtcNow.Date.AddDays(1).AddHours(1);
            foreach (var (session, points) in new[] { (Session, Points), (FillSession, fill) })
            {
                (await admin.PutAsJsonAsync($"/api/sessions/{session}", new
                {
                    title = "Phiên họp đo đẩy", kind = "plenary", format = "hybrid", hallVenueId = "bench-hall",
                    scheduledStart = new DateTimeOffset(start, TimeSpan.Zero), scheduledEnd = new DateTimeOffset(start.AddHours(3), TimeSpan.Zero),
                    connectionPointIds = points, delegateIds = Array.Empty<string>(),
                })).EnsureSuccessStatusCode();
            }

            var board = await admin.GetByteArrayAsync($"/api/sessions/{FillSession}/board");
            return new GatewayDriver(admin, await gateway.Client("agent"), await gateway.Token("operator"), board.Length);
        }

        /// <summary>
        /// Readies change k as the in-process section does: from the point's actual health, all but the deciding heartbeat
        /// now (3 bad in a row make an online point degraded, 5 good make a degraded one online); a point gone offline is
        /// first brought back, untimed.
        /// </summary>
        public async Task<(string Id, string Health)> Prepare(int k)
        {
            var p = k % Points.Length;
            if (await Health(Points[p]) is not ("online" or "degraded"))
            {
                for (var i = 0; i < 6; i++)
                {
                    await Beat(p, good: true);
                }
            }

            _worse[p] = await Health(Points[p]) == "online";
            for (var i = 0; i < (_worse[p] ? 2 : 4); i++)
            {
                _all.Add(await Beat(p, good: !_worse[p]));
            }

            return (Points[p], _worse[p] ? "degraded" : "online");
        }

        public async Task Trigger(int k, Action stamp)
        {
            var p = k % Points.Length;
            using var request = Sections.Request(Points[p], ++_seqs[p], good: !_worse[p]);
            var started = Stopwatch.GetTimestamp();
            stamp();
            using var response = await _agent.SendAsync(request);
            var ms = Measure.Ms(started, Stopwatch.GetTimestamp());
            response.EnsureSuccessStatusCode();
            _all.Add(ms);
            _deciding.Add(ms);
        }

        /// <summary>The same changes with nobody subscribed; a short pause after each, as the pushed runs wait for their screens.</summary>
        public async Task Quiet(int changes)
        {
            for (var k = 0; k < changes; k++)
            {
                await Prepare(k);
                await Trigger(k, () => { });
                await Task.Delay(20);
            }
        }

        /// <summary>The mean time of every timed heartbeat and of the deciding ones since the last call; starts afresh.</summary>
        public (double All, double Deciding) TakeTimes()
        {
            var times = (_all.Count > 0 ? _all.Average() : double.NaN, _deciding.Count > 0 ? _deciding.Average() : double.NaN);
            _all.Clear();
            _deciding.Clear();
            return times;
        }

        private async Task<double> Beat(int p, bool good)
        {
            using var request = Sections.Request(Points[p], ++_seqs[p], good);
            var started = Stopwatch.GetTimestamp();
            using var response = await _agent.SendAsync(request);
            var ms = Measure.Ms(started, Stopwatch.GetTimestamp());
            response.EnsureSuccessStatusCode();
            return ms;
        }

        private async Task<string?> Health(string point) =>
            (await _admin.GetFromJsonAsync<JsonElement>($"/api/connection-points/{point}")).GetProperty("health").GetString();

        public void Dispose()
        {
            _admin.Dispose();
            _agent.Dispose();
        }
    }

    /// <summary>The stalled screens of a run; one the Gateway has dropped is replaced (and filled again) before the next change.</summary>
    private sealed class FrozenScreens : IDisposable
    {
        private readonly Uri _server;
        private readonly GatewayDriver _driver;
        private readonly List<FrozenScreen> _screens;

        private FrozenScreens(Uri server, GatewayDriver driver, List<FrozenScreen> screens)
        {
            _server = server;
            _driver = driver;
            _screens = screens;
        }

        public int Replaced { get; private set; }

        public static async Task<FrozenScreens> Open(Uri server, GatewayDriver driver, int count)
        {
            var screens = new List<FrozenScreen>();
            for (var i = 0; i < count; i++)
            {
                screens.Add(await FrozenScreen.Open(server, driver.OperatorToken, driver.Fills));
            }

            return new FrozenScreens(server, driver, screens);
        }

        /// <summary>Outside the measured time of a change: a dropped socket is replaced, and its filling given a moment.</summary>
        public async Task ReplaceDropped()
        {
            var replaced = false;
            for (var i = 0; i < _screens.Count; i++)
            {
                if (!await _screens[i].StillOpen())
                {
                    _screens[i].Dispose();
                    _screens[i] = await FrozenScreen.Open(_server, _driver.OperatorToken, _driver.Fills);
                    Replaced++;
                    replaced = true;
                }
            }

            if (replaced)
            {
                await Task.Delay(300);
            }
        }

        /// <summary>What the Gateway's kernel holds unsent for the stalled sockets (<c>ss</c>'s Send-Q); SignalR's own buffers come on top.</summary>
        public string Describe(int gatewayPort)
        {
            try
            {
                using var ss = Process.Start(new ProcessStartInfo("ss", ["-tnH"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
                var lines = ss.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
                ss.WaitForExit();
                static int PortOf(string endpoint) => int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
                var ours = _screens.Select(s => s.LocalPort).ToHashSet();
                var queued = lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    .Where(f => f.Length >= 5 && PortOf(f[3]) == gatewayPort && ours.Contains(PortOf(f[4])))
                    .Select(f => long.Parse(f[2], CultureInfo.InvariantCulture))
                    .ToList();
                return string.Create(CultureInfo.InvariantCulture,
                    $"{queued.Count} of {_screens.Count} still connected at the Gateway, {queued.Sum() / 1024.0 / 1024.0:0.0} MB unsent in its socket buffers");
            }
            catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or FormatException or InvalidOperationException)
            {
                return "(ss could not tell)";
            }
        }

        public void Dispose() => _screens.ForEach(s => s.Dispose());
    }

    /// <summary>
    /// A screen that froze: a raw WebSocket to <c>/hubs/ops</c> with a small receive buffer that completes the SignalR
    /// handshake, subscribes to the measured session (and to the filler session, to fill its buffers at once) and from
    /// then on reads nothing. It still writes a SignalR ping now and then, which is how a dropped one is noticed (the
    /// closed socket answers with a reset).
    /// </summary>
    private sealed class FrozenScreen : IDisposable
    {
        private readonly Socket _socket;

        private FrozenScreen(Socket socket) => _socket = socket;

        public int LocalPort => ((System.Net.IPEndPoint)_socket.LocalEndPoint!).Port;

        public static async Task<FrozenScreen> Open(Uri server, string token, int fills)
        {
            // Set before connecting, so that the window the socket offers stays small.
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 2048, NoDelay = true };
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await socket.ConnectAsync(server.Host, server.Port, deadline.Token);
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            await Write(socket, Encoding.ASCII.GetBytes(
                $"GET /hubs/ops?access_token={Uri.EscapeDataString(token)} HTTP/1.1\r\nHost: {server.Authority}\r\n" +
                $"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"), deadline.Token);
            var answer = await ReadHead(socket, deadline.Token);
            if (!answer.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
            {
                socket.Dispose();
                throw new InvalidOperationException($"The hub did not take the WebSocket: {answer}");
            }

            await Write(socket, TextFrame("{\"protocol\":\"json\",\"version\":1}\u001e"), deadline.Token);
            await Write(socket, TextFrame(Invocation("s", Session)), deadline.Token);
            for (var i = 0; i < fills; i++)
            {
                await Write(socket, TextFrame(Invocation($"f{i}", FillSession)), deadline.Token);
            }

            return new FrozenScreen(socket);
        }

        private static string Invocation(string id, string session) =>
            $"{{\"type\":1,\"invocationId\":\"{id}\",\"target\":\"Subscribe\",\"arguments\":[\"{session}\"]}}\u001e";

        /// <summary>False once the Gateway has closed it: the ping of the check before drew a reset, and this write fails.</summary>
        public async Task<bool> StillOpen()
        {
            try
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await Write(_socket, TextFrame("{\"type\":6}\u001e"), deadline.Token);
                return true;
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                return false;
            }
        }

        private static async Task Write(Socket socket, byte[] bytes, CancellationToken cancellationToken)
        {
            for (var sent = 0; sent < bytes.Length;)
            {
                sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, cancellationToken);
            }
        }

        /// <summary>The status line and headers, a byte at a time so that nothing after them is taken.</summary>
        private static async Task<string> ReadHead(Socket socket, CancellationToken cancellationToken)
        {
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal)
                   && await socket.ReceiveAsync(one, SocketFlags.None, cancellationToken) == 1)
            {
                head.Append((char)one[0]);
            }

            return head.ToString();
        }

        /// <summary>A final text frame, masked as every frame from a client must be.</summary>
        private static byte[] TextFrame(string text)
        {
            var payload = Encoding.UTF8.GetBytes(text);
            var mask = RandomNumberGenerator.GetBytes(4);
            using var frame = new MemoryStream();
            frame.WriteByte(0x81);
            if (payload.Length < 126)
            {
                frame.WriteByte((byte)(0x80 | payload.Length));
            }
            else
            {
                frame.WriteByte(0x80 | 126);
                frame.WriteByte((byte)(payload.Length >> 8));
                frame.WriteByte((byte)(payload.Length & 0xFF));
            }

            frame.Write(mask);
            for (var i = 0; i < payload.Length; i++)
            {
                frame.WriteByte((byte)(payload[i] ^ mask[i % 4]));
            }

            return frame.ToArray();
        }

        public void Dispose() => _socket.Dispose();
    }
}
