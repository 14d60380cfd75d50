using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using SessionOps.Tests.Identity;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Cluster;

/// <summary>Ending access on one Gateway ends it on every other, at once: two Gateways on the silos of a real Redis.</summary>
[Trait("Needs", "Redis")]
public sealed class ClusterAccessTests : IAsyncLifetime
{
    private RedisCluster _cluster = null!;
    private GatewayHost _first = null!;
    private GatewayHost _second = null!;

    public async Task InitializeAsync()
    {
        _cluster = await RedisCluster.Start();
        await _cluster.StartSilo();
        _first = await _cluster.StartGateway();
        _second = await _cluster.StartGateway();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>The same session cookie, presented to the other Gateway.</summary>
    private static CookieClient Carry(string cookie, GatewayHost to)
    {
        var client = new CookieClient(to.BaseAddress);
        client.Cookies.Add(to.BaseAddress, new Cookie("sessionops", cookie));
        return client;
    }

    [Fact]
    public async Task A_session_opened_on_one_gateway_works_on_the_other_until_it_signs_out_on_the_first()
    {
        var id = await TestAccounts.Create(_first, "operator");
        using var onFirst = await TestAccounts.SignedIn(_first, id);
        using var onSecond = Carry(onFirst.Session!, _second);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.Http.GetAsync("/api/auth/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await onFirst.Http.PostAsync("/api/auth/signout", null)).StatusCode);

        await (await onSecond.Http.GetAsync("/api/sessions")).Problem(401);
    }

    [Fact]
    public async Task Disabling_a_user_on_one_gateway_closes_their_hub_connection_on_the_other()
    {
        var id = await TestAccounts.Create(_first, "leadership");
        using var onSecond = await TestAccounts.SignedIn(_second, id);
        await using var hub = await HubClient.Connect(_second, onSecond);
        var closed = hub.Closed;

        Assert.Equal(HttpStatusCode.OK, (await _first.Client("admin").PostAsync($"/api/users/{id}/disable", null)).StatusCode);

        await closed.WaitAsync(TimeSpan.FromSeconds(10));
        await (await onSecond.Http.GetAsync("/api/board")).Problem(401);
    }

    [Fact]
    public async Task An_agent_key_revoked_on_one_gateway_is_refused_at_once_by_the_other_that_had_verified_it()
    {
        var world = await new ApiWorld(_first.Client("admin")).Create();
        var key = (string)(await (await _first.Client("admin").PostAsync($"/api/connection-points/{world.Point}/agent-keys", null)).Json())["key"]!;
        using var agent = new HttpClient { BaseAddress = _second.BaseAddress };
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        object Beat(long seq) => new { seq, sentAt = DateTimeOffset.UtcNow.ToString("O"), latencyMs = 30, jitterMs = 2, packetLossPct = 0, bitrateKbps = 1500, audio = true, video = true };
        Assert.Equal(HttpStatusCode.Accepted, (await agent.PostAsJsonAsync($"/api/connection-points/{world.Point}/heartbeats", Beat(1))).StatusCode);

        var keyId = key.Split('.')[2];
        Assert.Equal(HttpStatusCode.NoContent, (await _first.Client("admin").DeleteAsync($"/api/connection-points/{world.Point}/agent-keys/{keyId}")).StatusCode);

        await (await agent.PostAsJsonAsync($"/api/connection-points/{world.Point}/heartbeats", Beat(2))).Problem(401);
    }
}
