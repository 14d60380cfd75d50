using Microsoft.Playwright;

namespace SessionOps.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright's bundled driver. No browser is ever downloaded: a machine
/// without /usr/bin/chromium fails here with a message that says what to install (scripts/test.sh does).
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public static string Executable => Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install Debian's chromium (scripts/test.sh does).");
        }

        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        // Playwright starts every launched browser on a fresh, empty profile directory of its own (--user-data-dir).
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A fresh browser context on <paramref name="host"/>; with a role, already signed in as the sign-in page would.</summary>
    public async Task<BrowserSession> Open(GatewayHost host, string? role = null, int width = 1280, int height = 800, string? lang = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var setup = new List<string>();
        if (role is not null)
        {
            // Signed in as the quick form would: the session cookie, and nothing in the page's storage.
            using var browser = await host.Browser(role, NameOf(role));
            await context.AddCookiesAsync([new Cookie { Name = "sessionops", Value = browser.Session!, Url = host.BaseAddress.ToString().TrimEnd('/') }]);
        }

        if (lang is not null)
        {
            setup.Add($"localStorage.setItem('sessionops.lang', '{lang}');");
        }

        if (setup.Count > 0)
        {
            // Once per context, on the first page only: a later sign-out or change of language is the page's own.
            await context.AddInitScriptAsync($"if (!sessionStorage.getItem('seeded')) {{ {string.Join(" ", setup)} sessionStorage.setItem('seeded', '1'); }}");
        }

        var page = await context.NewPageAsync();
        return new BrowserSession(context, page);
    }

    private static string NameOf(string role) => role switch
    {
        "leadership" => "Trần Thị Lãnh Đạo",
        "operator" => "Lê Văn Kỹ Thuật",
        "security" => "Phạm Văn An Ninh",
        _ => "Nguyễn Văn Quản Trị",
    };
}

/// <summary>One browser context and its page, with the page's uncaught script errors kept for the test to assert on.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly List<string> _errors = [];
    private readonly List<string> _trail = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    public BrowserSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add(error);
            }

            Note($"script error: {error}");
        };

        // What the page asked and heard, for the message of a page that never finished loading.
        page.Request += (_, request) => Note($"> {request.Method} {request.Url}");
        page.Response += (_, response) => Note($"< {response.Status} {response.Url}");
        page.RequestFailed += (_, request) => Note($"! {request.Url} {request.Failure}");
        page.WebSocket += (_, socket) =>
        {
            socket.FrameSent += (_, frame) => Note($"ws> {Shorten(frame.Text)}");
            socket.FrameReceived += (_, frame) => Note($"ws< {Shorten(frame.Text)}");
            socket.Close += (_, _) => Note("ws closed");
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public IReadOnlyList<string> ScriptErrors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>From now on, the paths of the API requests the page makes (the idle-page tests count them).</summary>
    public Func<string[]> RecordApiRequests()
    {
        var requests = new List<string>();
        Page.Request += (_, request) =>
        {
            var path = new Uri(request.Url).AbsolutePath;
            if (path.StartsWith("/api/", StringComparison.Ordinal))
            {
                lock (requests)
                {
                    requests.Add(path);
                }
            }
        };
        return () =>
        {
            lock (requests)
            {
                return [.. requests];
            }
        };
    }

    /// <summary>
    /// From now on, the requests the page makes to any host but <paramref name="origin"/>'s, and every message in which
    /// the browser says the Content-Security-Policy refused something.
    /// </summary>
    public (Func<string[]> OtherHosts, Func<string[]> PolicyViolations) WatchOtherHostsAndPolicy(Uri origin)
    {
        var otherHosts = new List<string>();
        var violations = new List<string>();
        Page.Request += (_, request) =>
        {
            var url = new Uri(request.Url);
            if (url.Scheme is "http" or "https" && url.Authority != origin.Authority)
            {
                lock (otherHosts)
                {
                    otherHosts.Add(request.Url);
                }
            }
        };
        Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations)
                {
                    violations.Add(message.Text);
                }
            }
        };
        return (() => { lock (otherHosts) { return [.. otherHosts]; } }, () => { lock (violations) { return [.. violations]; } });
    }

    /// <summary>Opens a page of the Gateway and waits until its script has rendered it.</summary>
    public async Task Go(string path)
    {
        try
        {
            await Page.GotoAsync(path);
            await Assertions.Expect(Page.Locator("body")).ToHaveAttributeAsync("data-loaded", "true");
        }
        catch (PlaywrightException error)
        {
            string trail;
            lock (_trail)
            {
                trail = string.Join('\n', _trail);
            }

            throw new PlaywrightException($"{path} did not finish loading. What the page asked and heard:\n{trail}\n{error.Message}");
        }
    }

    private void Note(string what)
    {
        lock (_trail)
        {
            // The newest few hundred lines: a page left open keeps hearing hub frames.
            if (_trail.Count >= 400)
            {
                _trail.RemoveRange(0, 100);
            }

            _trail.Add($"{_clock.ElapsedMilliseconds,7} ms {what}");
        }
    }

    private static string Shorten(string? text) => text is null ? "(binary)" : text.Length > 160 ? text[..160] + "…" : text;

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PagesCollection : ICollectionFixture<ChromiumFixture>
{
    /// <summary>The page tests share one Chromium and run one after another: each starts Gateways of its own.</summary>
    public const string Name = "Pages";
}
