using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SessionOps.Tests.Identity;
using SessionOps.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionOps.Tests.Pages;

/// <summary>A person signs in with a password in Chromium, on a Gateway in the Production environment.</summary>
[Collection(PagesCollection.Name)]
[Trait("Needs", "Chromium")]
public sealed class PasswordSignInPageTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.Start(_directory.File("pages-prod.db"), "Production");

    [Fact]
    public async Task A_password_sign_in_opens_the_console_keeps_no_token_in_the_browser_and_signs_out_on_the_server()
    {
        var id = await TestAccounts.Create(_host, "operator", name: "Lê Văn Kỹ Thuật");
        await using var session = await chromium.Open(_host);
        var page = session.Page;

        await page.GotoAsync("/operator");
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?returnUrl="));
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-loaded", "true");
        // No quick form outside Development.
        await Expect(page.Locator("select[name='role']")).ToHaveCountAsync(0);

        await page.FillAsync("input[name='username']", id);
        await page.FillAsync("input[name='password']", "không-đúng-mật-khẩu");
        await page.ClickAsync("#signin-submit");
        await Expect(page.Locator("#signin-error")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));

        await page.FillAsync("input[name='password']", TestAccounts.Password);
        await page.ClickAsync("#signin-submit");
        await Expect(page).ToHaveURLAsync(new Regex("/operator$"));
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-loaded", "true");
        await Expect(page.Locator(".who")).ToContainTextAsync("Lê Văn Kỹ Thuật");

        var storage = await page.EvaluateAsync<string>("() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } })");
        Assert.DoesNotContain("token", storage, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("eyJ", storage); // the start of every JWT
        var cookies = await session.Context.CookiesAsync();
        var cookie = Assert.Single(cookies, c => c.Name == "sessionops");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Empty(await page.EvaluateAsync<string>("() => document.cookie"));

        await page.ClickAsync(".topbar .link-button");
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
        using var replay = new CookieClient(_host.BaseAddress);
        replay.Cookies.Add(_host.BaseAddress, new System.Net.Cookie("sessionops", cookie.Value));
        await (await replay.Http.GetAsync("/api/sessions")).Problem(401);
        Assert.Empty(session.ScriptErrors);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _directory.Dispose();
    }
}
