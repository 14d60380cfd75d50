using System.Net;
using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Identity;

/// <summary>Passwords, the session cookie and its defences, through a real Kestrel in the Production environment.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.Start(_directory.File("signin.db"), "Production", new Dictionary<string, string?>
    {
        ["Auth:SignIn:SlowAfter"] = "1",
        ["Auth:SignIn:LockAfter"] = "3",
    });

    [Fact]
    public async Task A_password_sign_in_sets_an_HttpOnly_SameSite_Strict_cookie_that_the_api_accepts()
    {
        var id = await TestAccounts.Create(_host, "operator", name: "Lê Văn Kỹ Thuật");
        using var browser = new CookieClient(_host.BaseAddress);

        var response = await TestAccounts.SignIn(browser, id);

        var body = await response.Json();
        Assert.Equal(id, (string)body["id"]!);
        Assert.Equal("operator", (string)body["role"]!);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("sessionops=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        // Plain HTTP here: a Secure cookie would never come back. Over HTTPS the flag is set.
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);

        var me = await (await browser.Http.GetAsync("/api/auth/me")).Json();
        Assert.Equal("Lê Văn Kỹ Thuật", (string)me["name"]!);
        Assert.Equal("password", (string)me["method"]!);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/api/sessions")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_401()
    {
        var id = await TestAccounts.Create(_host, "security");
        using var browser = new CookieClient(_host.BaseAddress);

        var wrong = await (await TestAccounts.SignIn(browser, id, "không-phải-mật-khẩu")).Problem(401);
        var unknown = await (await TestAccounts.SignIn(browser, "khong-co-ai-" + Guid.NewGuid().ToString("N")[..6])).Problem(401);

        Assert.Equal((string)wrong["title"]!, (string)unknown["title"]!);
        Assert.Equal((string)wrong["detail"]!, (string)unknown["detail"]!);
        Assert.Null(browser.Session);
    }

    [Fact]
    public async Task Repeated_failures_lock_the_username_with_429_even_for_the_right_password()
    {
        var id = await TestAccounts.Create(_host, "leadership");
        using var browser = new CookieClient(_host.BaseAddress);

        for (var i = 0; i < 3; i++)
        {
            await (await TestAccounts.SignIn(browser, id, "sai-mật-khẩu-lần-" + i)).Problem(401);
        }

        var locked = await TestAccounts.SignIn(browser, id);
        await locked.Problem(429);
        Assert.True(locked.Headers.RetryAfter is not null, "429 says when to try again");
        Assert.Null(browser.Session);
        // Another user is not held up by it.
        var other = await TestAccounts.Create(_host, "leadership");
        Assert.Equal(HttpStatusCode.OK, (await TestAccounts.SignIn(browser, other)).StatusCode);
    }

    [Fact]
    public async Task A_cookie_request_that_changes_state_needs_the_pages_header_and_our_origin()
    {
        var id = await TestAccounts.Create(_host, "admin");
        using var page = await TestAccounts.SignedIn(_host, id);
        using var forged = new CookieClient(_host.BaseAddress, pagesHeader: false);
        forged.Cookies.Add(_host.BaseAddress, new Cookie("sessionops", page.Session));
        var venue = new { name = "Phòng họp", kind = "meetingRoom" };

        await (await forged.Http.PutAsJsonAsync("/api/venues/csrf-room", venue)).Problem(403);
        using var fromElsewhere = new HttpRequestMessage(HttpMethod.Put, "/api/venues/csrf-room") { Content = JsonContent.Create(venue) };
        fromElsewhere.Headers.Add("Origin", "https://evil.example");
        await (await page.Http.SendAsync(fromElsewhere)).Problem(403);
        await (await page.Http.GetAsync("/api/venues/csrf-room")).Problem(404);

        Assert.Equal(HttpStatusCode.OK, (await page.Http.PutAsJsonAsync("/api/venues/csrf-room", venue)).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server_so_the_same_cookie_no_longer_works()
    {
        var id = await TestAccounts.Create(_host, "operator");
        using var browser = await TestAccounts.SignedIn(_host, id);
        var cookie = browser.Session!;

        Assert.Equal(HttpStatusCode.NoContent, (await browser.Http.PostAsync("/api/auth/signout", null)).StatusCode);

        using var replay = new CookieClient(_host.BaseAddress);
        replay.Cookies.Add(_host.BaseAddress, new Cookie("sessionops", cookie));
        await (await replay.Http.GetAsync("/api/sessions")).Problem(401);
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_sessions_and_closes_their_hub_connection_at_once()
    {
        var id = await TestAccounts.Create(_host, "operator");
        using var browser = await TestAccounts.SignedIn(_host, id);
        await using var hub = await HubClient.Connect(_host, browser);
        var closed = hub.Closed;

        var disabled = await _host.Client("admin").PostAsync($"/api/users/{id}/disable", null);
        Assert.True((bool)(await disabled.Json())["disabled"]!);

        await closed.WaitAsync(TimeSpan.FromSeconds(10));
        await (await browser.Http.GetAsync("/api/sessions")).Problem(401);
        await (await TestAccounts.SignIn(browser, id)).Problem(401);
    }

    [Fact]
    public async Task Users_are_shown_without_any_password_and_passwords_follow_the_rules()
    {
        var id = await TestAccounts.Create(_host, "operator", provinces: ["Huế"]);
        var admin = _host.Client("admin");

        var listed = await (await admin.GetAsync("/api/users")).Content.ReadAsStringAsync();
        Assert.Contains(id, listed);
        Assert.DoesNotContain("AQAAAA", listed); // the start of every ASP.NET Core Identity hash
        Assert.DoesNotContain(TestAccounts.Password, listed);
        var user = await (await admin.GetAsync($"/api/users/{id}")).Json();
        Assert.Equal("Huế", (string)user["provinces"]![0]!);
        Assert.True((bool)user["hasPassword"]!);

        var shortOne = await (await admin.PostAsJsonAsync($"/api/users/{id}/password", new { password = "ngắn-quá" })).Problem(400);
        Assert.NotNull(shortOne["errors"]!["password"]);

        // A user changes their own password only with the current one.
        using var self = await TestAccounts.SignedIn(_host, id);
        await (await self.Http.PostAsJsonAsync($"/api/users/{id}/password", new { password = "một-mật-khẩu-mới-dài" })).Problem(400);
        await (await self.Http.PostAsJsonAsync($"/api/users/{id}/password", new { password = "một-mật-khẩu-mới-dài", currentPassword = "sai-rồi-sai-rồi" })).Problem(400);
        Assert.Equal(HttpStatusCode.NoContent,
            (await self.Http.PostAsJsonAsync($"/api/users/{id}/password", new { password = "một-mật-khẩu-mới-dài", currentPassword = TestAccounts.Password })).StatusCode);
        // ... and nobody else's.
        var other = await TestAccounts.Create(_host, "operator");
        await (await self.Http.PostAsJsonAsync($"/api/users/{other}/password", new { password = "một-mật-khẩu-mới-dài" })).Problem(403);
        await (await self.Http.GetAsync("/api/users")).Problem(403);
    }

    [Fact]
    public async Task A_new_password_ends_every_other_session_of_the_user_and_keeps_the_one_that_changed_it()
    {
        var id = await TestAccounts.Create(_host, "operator");
        using var laptop = await TestAccounts.SignedIn(_host, id);
        using var phone = await TestAccounts.SignedIn(_host, id);
        await using var phoneHub = await HubClient.Connect(_host, phone);
        var phoneClosed = phoneHub.Closed;

        Assert.Equal(HttpStatusCode.NoContent, (await laptop.Http.PostAsJsonAsync($"/api/users/{id}/password",
            new { password = "mật-khẩu-mới-sau-khi-lộ", currentPassword = TestAccounts.Password })).StatusCode);

        await phoneClosed.WaitAsync(TimeSpan.FromSeconds(10));
        await (await phone.Http.GetAsync("/api/sessions")).Problem(401);
        Assert.Equal(HttpStatusCode.OK, (await laptop.Http.GetAsync("/api/sessions")).StatusCode);

        // An admin's reset ends them all.
        Assert.Equal(HttpStatusCode.NoContent, (await _host.Client("admin").PostAsJsonAsync($"/api/users/{id}/password",
            new { password = "mật-khẩu-do-quản-trị-đặt" })).StatusCode);
        await (await laptop.Http.GetAsync("/api/sessions")).Problem(401);
        Assert.Equal(HttpStatusCode.OK, (await TestAccounts.SignIn(new CookieClient(_host.BaseAddress), id, "mật-khẩu-do-quản-trị-đặt")).StatusCode);
    }

    [Fact]
    public async Task Outside_Development_neither_the_quick_sign_in_nor_the_dev_token_exists()
    {
        using var stranger = new CookieClient(_host.BaseAddress);

        await (await stranger.Http.PostAsJsonAsync("/api/dev/signin", new { name = "Ai đó", role = "admin" })).Problem(404);
        await (await stranger.Http.PostAsJsonAsync("/api/dev/token", new { name = "Ai đó", role = "admin" })).Problem(404);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _directory.Dispose();
    }
}
