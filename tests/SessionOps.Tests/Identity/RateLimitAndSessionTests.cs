using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Identity;

/// <summary>Rate limits per user and per agent key; sessions that slide while used and end when left; the add-user command.</summary>
public sealed class RateLimitAndSessionTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.Start(_directory.File("limits.db"), "Production", new Dictionary<string, string?>
    {
        ["RateLimits:Enabled"] = "true",
        ["RateLimits:PerUser:PerSecond"] = "1",
        ["RateLimits:PerUser:Burst"] = "20",
        ["RateLimits:PerAgentKey:PerSecond"] = "1",
        ["RateLimits:PerAgentKey:Burst"] = "3",
        ["Auth:Session:IdleTimeout"] = "00:00:08",
    });

    [Fact]
    public async Task A_runaway_user_is_refused_with_429_while_another_user_goes_on()
    {
        var runaway = _host.Client("operator");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            statuses.Add((await runaway.GetAsync("/api/sessions")).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        var refused = (await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => runaway.GetAsync("/api/sessions"))))
            .First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        await refused.Problem(429);
        Assert.NotNull(refused.Headers.RetryAfter);

        using var other = _host.Client("leadership");
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _host.Token("leadership", "Người khác"));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/sessions")).StatusCode);
        // The probes are never limited.
        Assert.Equal(HttpStatusCode.OK, (await runaway.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task An_agent_key_that_floods_is_refused_with_429()
    {
        var world = await new ApiWorld(_host.Client("admin")).Create();
        var key = (string)(await (await _host.Client("admin").PostAsync($"/api/connection-points/{world.Point}/agent-keys", null)).Json())["key"]!;
        using var agent = new HttpClient { BaseAddress = _host.BaseAddress };
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var statuses = new List<HttpStatusCode>();
        for (var seq = 1; seq <= 10; seq++)
        {
            statuses.Add((await agent.PostAsJsonAsync($"/api/connection-points/{world.Point}/heartbeats", Heartbeats.Good(seq))).StatusCode);
        }

        Assert.Contains(HttpStatusCode.Accepted, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task A_session_in_use_outlives_its_idle_timeout_and_one_left_alone_ends()
    {
        var id = await TestAccounts.Create(_host, "operator");
        // The idle one first: a sign-in (a password hashed) between the busy one's sign-in and its first use could take
        // longer than the idle timeout on a loaded machine.
        using var idle = await TestAccounts.SignedIn(_host, id);
        using var busy = await TestAccounts.SignedIn(_host, id);

        // Twice the idle timeout of use, a request a second: each slides the session forward. The timeout is long
        // enough that no request of a loaded machine (a suite starting, passwords hashed beside it) outlasts it.
        for (var i = 0; i < 17; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(HttpStatusCode.OK, (await busy.Http.GetAsync("/api/auth/me")).StatusCode);
        }

        await (await idle.Http.GetAsync("/api/auth/me")).Problem(401);
    }

    [Fact]
    public async Task Sign_ins_and_failed_sign_ins_are_in_the_audit_with_the_account()
    {
        var id = await TestAccounts.Create(_host, "security");
        using var browser = new CookieClient(_host.BaseAddress);
        await (await TestAccounts.SignIn(browser, id, "mật-khẩu-sai-hoàn-toàn")).Problem(401);
        Assert.Equal(HttpStatusCode.OK, (await TestAccounts.SignIn(browser, id)).StatusCode);

        var audit = await Eventually.Get(async () => await (await _host.Client("admin").GetAsync("/api/audit")).Content.ReadAsStringAsync(),
            text => text.Contains("signed-in") && text.Contains("sign-in-failed"));

        Assert.Contains($"\"accountId\":\"{id}\"", audit);
    }

    [Fact]
    public async Task The_add_user_command_makes_an_account_that_signs_in_on_a_gateway_started_afterwards()
    {
        var database = _directory.File("add-user.db");
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__SqlitePath"] = database,
            ["Orleans__SiloPort"] = FreePorts.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePorts.Next().ToString(),
            ["Orleans__ClusterId"] = "add-user-" + Guid.NewGuid().ToString("N")[..6],
        };

        var (exit, error) = await AddUser(settings, "mật-khẩu-đầu-tiên-đủ-dài", "admin", "--name", "Quản trị viên đầu tiên", "--role", "admin");
        Assert.True(exit == 0, error);
        var (shortExit, shortError) = await AddUser(settings, "ngắn", "other", "--name", "Người khác", "--role", "admin");
        Assert.Equal(2, shortExit);
        Assert.Contains("12", shortError);

        await using var gateway = await GatewayHost.Start(database, "Production");
        using var browser = new CookieClient(gateway.BaseAddress);
        var signedIn = await (await TestAccounts.SignIn(browser, "admin", "mật-khẩu-đầu-tiên-đủ-dài")).Json();
        Assert.Equal("admin", (string)signedIn["role"]!);
        Assert.Equal("Quản trị viên đầu tiên", (string)signedIn["name"]!);
        await (await TestAccounts.SignIn(browser, "other", "ngắn")).Problem(401);
    }

    private static async Task<(int Exit, string Error)> AddUser(Dictionary<string, string> environment, string password, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "SessionOps.Gateway.dll"), "add-user", .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync(password);
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        return (process.ExitCode, await error + await output);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _directory.Dispose();
    }
}
