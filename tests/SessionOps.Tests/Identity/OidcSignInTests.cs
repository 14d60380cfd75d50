using System.Net;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Identity;

/// <summary>Signing in with the organisation's identity provider: a real OpenID Connect provider in the test, a real Kestrel.</summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private OidcProvider _provider = null!;
    private GatewayHost _host = null!;

    public async Task InitializeAsync()
    {
        _provider = await OidcProvider.Start();
        _host = await GatewayHost.Start(_directory.File("oidc.db"), "Production", new Dictionary<string, string?>
        {
            ["Auth:Oidc:Authority"] = _provider.Authority,
            ["Auth:Oidc:ClientId"] = OidcProvider.ClientId,
            ["Auth:Oidc:ClientSecret"] = OidcProvider.ClientSecret,
        });
        _provider.RedirectUris[new Uri(_host.BaseAddress, "/signin-oidc").ToString()] = true;
    }

    /// <summary>A browser that follows redirects across both sites, as a person's browser does.</summary>
    private HttpClient Browser(CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = true }) { BaseAddress = _host.BaseAddress };

    [Fact]
    public async Task The_provider_signs_a_user_in_with_the_role_of_its_claim_and_a_session_cookie_of_ours()
    {
        var cookies = new CookieContainer();
        using var browser = Browser(cookies);

        var landed = await browser.GetAsync("/signin/oidc?returnUrl=%2Foperator");

        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal("/operator", landed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("sessionops-user", await landed.Content.ReadAsStringAsync());
        Assert.NotNull(cookies.GetCookies(_host.BaseAddress)["sessionops"]);
        var me = await (await browser.GetAsync("/api/auth/me")).Json();
        Assert.Equal("operator", (string)me["role"]!);
        Assert.Equal("Nguyễn Thị Định Danh", (string)me["name"]!);
        Assert.Equal("oidc", (string)me["method"]!);
    }

    [Fact]
    public async Task A_provider_user_without_a_sessionops_role_is_not_signed_in()
    {
        _provider.User = ("u-2", "Người Ngoài", "visitor");
        var cookies = new CookieContainer();
        using var browser = Browser(cookies);

        var landed = await browser.GetAsync("/signin/oidc");

        Assert.Equal("/signin", landed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("oidc=failed", landed.RequestMessage.RequestUri.Query);
        Assert.Null(cookies.GetCookies(_host.BaseAddress)["sessionops"]);
    }

    [Fact]
    public async Task The_sign_in_page_offers_the_provider()
    {
        using var browser = Browser(new CookieContainer());
        Assert.Contains("content=\"oidc\"", await browser.GetStringAsync("/signin"));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _provider.DisposeAsync();
        _directory.Dispose();
    }
}
