using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Identity;

/// <summary>Accounts made through the API by an admin's token, and browsers signed in with them.</summary>
public static class TestAccounts
{
    public const string Password = "mật-khẩu-dài-đủ-12";

    /// <summary>Creates (or changes) a user with <see cref="Password"/>.</summary>
    public static async Task<string> Create(GatewayHost host, string role, string? id = null, string[]? provinces = null, string? name = null)
    {
        id ??= $"{role}-{Guid.NewGuid():N}"[..20];
        var admin = host.Client("admin");
        var put = await admin.PutAsJsonAsync($"/api/users/{id}", new { name = name ?? $"Người dùng {id}", role, provinces });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var password = await admin.PostAsJsonAsync($"/api/users/{id}/password", new { password = Password });
        Assert.True(password.IsSuccessStatusCode, await password.Content.ReadAsStringAsync());
        return id;
    }

    public static async Task<HttpResponseMessage> SignIn(CookieClient browser, string username, string password = Password) =>
        await browser.Http.PostAsJsonAsync("/api/auth/signin", new { username, password });

    /// <summary>A browser signed in with a password, as the sign-in page does it.</summary>
    public static async Task<CookieClient> SignedIn(GatewayHost host, string username)
    {
        var browser = new CookieClient(host.BaseAddress);
        var response = await SignIn(browser, username);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return browser;
    }
}
