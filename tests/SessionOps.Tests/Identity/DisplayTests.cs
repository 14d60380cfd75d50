using System.Net;
using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Identity;

/// <summary>Wall screens: a secret URL signs a browser in as a read-only leadership display until an admin revokes it.</summary>
public sealed class DisplayTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    private async Task<(string Id, Uri Url)> CreateDisplay(string name = "Màn hình phòng điều hành")
    {
        var response = await Host.Client("admin").PostAsJsonAsync("/api/displays", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Json();
        return ((string)body["id"]!, new Uri((string)body["url"]!));
    }

    [Fact]
    public async Task Opening_a_display_url_signs_the_browser_in_as_a_read_only_leadership_display()
    {
        var (id, url) = await CreateDisplay();
        using var screen = new CookieClient(Host.BaseAddress);

        var opened = await screen.Http.GetAsync(url.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal("/board", opened.Headers.Location?.OriginalString);
        var cookie = Assert.Single(opened.Headers.GetValues("Set-Cookie"));
        // It stays signed in for days: a persistent cookie.
        Assert.Contains("max-age=", cookie, StringComparison.OrdinalIgnoreCase);
        var me = await (await screen.Http.GetAsync("/api/auth/me")).Json();
        Assert.Equal("leadership", (string)me["role"]!);
        Assert.Equal(id, (string)me["id"]!);
        Assert.Equal(HttpStatusCode.OK, (await screen.Http.GetAsync("/api/board")).StatusCode);
        await (await screen.Http.PutAsJsonAsync("/api/venues/display-room", new { name = "x", kind = "meetingRoom" })).Problem(403);

        var listed = await (await Host.Client("admin").GetAsync("/api/displays")).Content.ReadAsStringAsync();
        Assert.Contains(id, listed);
        Assert.DoesNotContain(url.Query.Split('.').Last(), listed);
    }

    [Fact]
    public async Task Revoking_a_display_closes_its_hub_connection_and_its_url_no_longer_signs_in()
    {
        var (id, url) = await CreateDisplay();
        using var screen = new CookieClient(Host.BaseAddress);
        await screen.Http.GetAsync(url.PathAndQuery);
        await using var hub = await HubClient.Connect(Host, screen);
        var closed = hub.Closed;

        Assert.Equal(HttpStatusCode.NoContent, (await Host.Client("admin").DeleteAsync($"/api/displays/{id}")).StatusCode);

        await closed.WaitAsync(TimeSpan.FromSeconds(10));
        await (await screen.Http.GetAsync("/api/board")).Problem(401);
        using var again = new CookieClient(Host.BaseAddress);
        var reopened = await again.Http.GetAsync(url.PathAndQuery);
        Assert.StartsWith("/signin", reopened.Headers.Location?.OriginalString);
        Assert.Null(again.Session);
    }

    [Fact]
    public async Task A_display_url_with_a_wrong_secret_signs_nobody_in()
    {
        var (_, url) = await CreateDisplay();
        using var stranger = new CookieClient(Host.BaseAddress);

        var response = await stranger.Http.GetAsync(url.PathAndQuery[..^4] + "AAAA");

        Assert.StartsWith("/signin", response.Headers.Location?.OriginalString);
        Assert.Null(stranger.Session);
        await (await stranger.Http.GetAsync("/api/board")).Problem(401);
    }
}
