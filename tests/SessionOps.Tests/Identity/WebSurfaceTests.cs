using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using SessionOps.Gateway.Auth;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Identity;

/// <summary>The closed web surface: headers on every response, nothing anonymous beyond sign-in and the probes, keys that are not public.</summary>
public sealed partial class WebSurfaceTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData(null, "img-src 'self' data:;")]
    [InlineData("http://tiles.example.org/{z}/{x}/{y}.png", "img-src 'self' data:;")]
    [InlineData("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "img-src 'self' data: https://tile.openstreetmap.org;")]
    [InlineData("https://{s}.tile.example.org/{z}/{x}/{y}.png", "img-src 'self' data: https://*.tile.example.org;")]
    public void Map_tiles_are_allowed_only_from_the_https_tile_server_the_deployment_configures(string? tileUrl, string images)
    {
        var policy = WebSurface.ContentSecurityPolicy(tileUrl);

        Assert.Contains(images, policy);
        Assert.Contains("connect-src 'self';", policy);
    }

    [Fact]
    public async Task Every_response_carries_a_strict_content_security_policy_and_the_other_headers()
    {
        using var browser = await fixture.Host.Browser("admin");
        foreach (var path in new[] { "/signin", "/board", "/board/x", "/operator", "/security", "/js/board.js", "/api/sessions", "/api/nothing", "/healthz" })
        {
            var response = await browser.Http.GetAsync(path);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            // Our own files, and on a page its import map alone, by its hash.
            Assert.Matches("script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*')?(;|$)", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.NotEmpty(response.Headers.GetValues("Referrer-Policy"));
        }
    }

    [Fact]
    public async Task No_page_has_an_inline_script_or_style_that_the_policy_would_block()
    {
        var pages = Path.Combine(Repository.Root, "src", "Gateway", "wwwroot", "pages");
        foreach (var file in Directory.GetFiles(pages, "*.html"))
        {
            var html = await File.ReadAllTextAsync(file);
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotContain(" style=\"", html);
            Assert.DoesNotMatch(OnHandler(), html);
        }
    }

    [Fact]
    public async Task Without_a_sign_in_only_the_sign_in_its_files_and_the_probes_answer()
    {
        using var stranger = new CookieClient(fixture.Host.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await stranger.Http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stranger.Http.GetAsync("/signin")).StatusCode);
        foreach (var path in new[] { "/metrics", "/api/sessions", "/api/board", "/api/users", "/api/auth/me", "/js/operator.js", "/anything" })
        {
            Assert.True((await stranger.Http.GetAsync(path)).StatusCode == HttpStatusCode.Unauthorized, path);
        }

        var metrics = await fixture.Host.Client("operator").GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }

    [Fact]
    public async Task An_unknown_id_wakes_no_grain_on_the_heartbeat_route()
    {
        var id = "chua-co-" + Guid.NewGuid().ToString("N")[..8];
        var response = await fixture.Host.Client("operator").PostAsync($"/api/connection-points/{id}/heartbeats",
            new StringContent("""{"seq":1,"sentAt":"2026-12-01T08:00:00+07:00","latencyMs":1,"jitterMs":1,"packetLossPct":0,"bitrateKbps":900,"audio":true,"video":true}""",
                System.Text.Encoding.UTF8, "application/json"));

        await response.Problem(404);
        var management = fixture.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<Orleans.Runtime.IManagementGrain>(0);
        var active = await management.GetDetailedGrainStatistics();
        Assert.DoesNotContain(active, g => g.GrainId.ToString().Contains(id, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("short-key")]
    [InlineData(SigningKeys.DevelopmentKey)]
    [InlineData("EXAMPLE-ONLY-replace-me-with-a-random-key-of-32-characters-or-more")]
    public async Task Outside_Development_a_short_or_published_signing_key_stops_the_start_with_a_way_to_make_one(string key)
    {
        var gateway = Path.Combine(AppContext.BaseDirectory, "SessionOps.Gateway.dll");
        var start = new ProcessStartInfo("dotnet", [gateway, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Auth__SigningKey"] = key, ["Storage__SqlitePath"] = Path.GetTempFileName() },
        };

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("openssl rand", await error);
    }

    [Fact]
    public async Task With_a_metrics_port_metrics_are_served_there_without_a_sign_in_and_not_on_the_public_port()
    {
        var (web, metrics) = (FreePorts.Next(), FreePorts.Next());
        using var directory = new TempDirectory();
        var start = new ProcessStartInfo("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "SessionOps.Gateway.dll"), "--urls", $"http://127.0.0.1:{web}", $"--Metrics:Port={metrics}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Storage__SqlitePath"] = directory.File("metrics.db"),
                ["Orleans__SiloPort"] = FreePorts.Next().ToString(),
                ["Orleans__GatewayPort"] = FreePorts.Next().ToString(),
                ["DemoData"] = "false",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient();
            await Eventually.Get(async () =>
            {
                try
                {
                    return (await client.GetAsync($"http://127.0.0.1:{web}/healthz")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    return HttpStatusCode.ServiceUnavailable;
                }
            }, status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the Gateway to start");

            var scraped = await client.GetAsync($"http://127.0.0.1:{metrics}/metrics");
            Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
            Assert.Contains("# TYPE", await scraped.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"http://127.0.0.1:{web}/metrics")).StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Every_signing_key_written_in_the_repository_is_one_that_production_refuses()
    {
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Repository.Root, "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}") &&
                                 !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") &&
                                 !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") &&
                                 !f.Contains("node_modules") && Path.GetExtension(f) is ".env" or ".json" or ".yaml" or ".yml" or ".md" or ".cs" or ".sh"))
        {
            foreach (Match match in KeyAssignment().Matches(await File.ReadAllTextAsync(file)))
            {
                found.Add(match.Groups["key"].Value);
            }
        }

        Assert.All(found.Where(k => k.Length >= SigningKeys.MinimumBytes && !k.Contains('<') && !k.Contains('$')),
            key => Assert.Contains(key, SigningKeys.Published));
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[a-z]+[^>]*\son[a-z]+=", RegexOptions.IgnoreCase)]
    private static partial Regex OnHandler();

    [GeneratedRegex(@"(?:signing-key|SigningKey|SIGNING_KEY)[""']?\s*[=:]\s*[""']?(?<key>[A-Za-z0-9+/=_\-]{8,})")]
    private static partial Regex KeyAssignment();
}

/// <summary>The repository's root, found from the test's own folder.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SessionOps.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SessionOps.sln not found above the test's folder.");
    }
}
