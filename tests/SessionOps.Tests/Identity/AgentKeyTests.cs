using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Identity;

/// <summary>One key, one connection point: what an agent may do with its key, and how fast a revocation bites.</summary>
public sealed class AgentKeyTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    private async Task<(ApiWorld World, string KeyId, HttpClient Agent)> WorldWithKey()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var created = await Host.Client("admin").PostAsync($"/api/connection-points/{world.Point}/agent-keys", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Json();
        var agent = new HttpClient { BaseAddress = Host.BaseAddress };
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)body["key"]!);
        return (world, (string)body["keyId"]!, agent);
    }

    private static object Beat(long seq, string? bootId = null, string? point = null) => new
    {
        connectionPointId = point,
        seq,
        sentAt = DateTimeOffset.UtcNow.ToString("O"),
        latencyMs = 40,
        jitterMs = 3,
        packetLossPct = 0,
        bitrateKbps = 2000,
        audio = true,
        video = true,
        bootId,
    };

    [Fact]
    public async Task An_agent_key_sends_heartbeats_for_its_own_point_and_nothing_else()
    {
        var (world, _, agent) = await WorldWithKey();
        var other = new ApiWorld(Host.Client("admin"));
        await other.Create();

        Assert.Equal(HttpStatusCode.Accepted, (await agent.PostAsJsonAsync($"/api/connection-points/{world.Point}/heartbeats", Beat(1))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await agent.PostAsJsonAsync("/api/heartbeats", new[] { Beat(2, point: world.Point) })).StatusCode);

        await (await agent.PostAsJsonAsync($"/api/connection-points/{other.Point}/heartbeats", Beat(1))).Problem(403);
        await (await agent.PostAsJsonAsync("/api/heartbeats", new[] { Beat(3, point: world.Point), Beat(1, point: other.Point) })).Problem(403);
        await (await agent.GetAsync("/api/sessions")).Problem(403);
        await (await agent.GetAsync($"/api/connection-points/{world.Point}")).Problem(403);
        await (await agent.PutAsJsonAsync($"/api/venues/{world.Hall}", new { name = "x", kind = "hall" })).Problem(403);

        // The batch that named another point applied nothing of its own point either.
        var point = await (await Host.Client("operator").GetAsync($"/api/connection-points/{world.Point}")).Json();
        Assert.Equal(2, (long)point["lastSeq"]!);
    }

    [Fact]
    public async Task A_key_is_shown_once_listed_without_its_secret_and_refused_at_once_when_revoked()
    {
        var (world, keyId, agent) = await WorldWithKey();
        Assert.Equal(HttpStatusCode.Accepted, (await agent.PostAsJsonAsync($"/api/connection-points/{world.Point}/heartbeats", Beat(1))).StatusCode);

        var listed = await (await Host.Client("admin").GetAsync($"/api/connection-points/{world.Point}/agent-keys")).Content.ReadAsStringAsync();
        Assert.Contains(keyId, listed);
        Assert.DoesNotContain(agent.DefaultRequestHeaders.Authorization!.Parameter!.Split('.')[3], listed);
        Assert.Contains("lastUsedAt", listed);

        Assert.Equal(HttpStatusCode.NoContent, (await Host.Client("admin").DeleteAsync($"/api/connection-points/{world.Point}/agent-keys/{keyId}")).StatusCode);

        await (await agent.PostAsJsonAsync($"/api/connection-points/{world.Point}/heartbeats", Beat(2))).Problem(401);
        await (await Host.Client("admin").DeleteAsync($"/api/connection-points/{world.Point}/agent-keys/{keyId}")).Problem(404);
    }

    [Fact]
    public async Task A_key_that_was_never_issued_or_was_altered_is_refused()
    {
        var (world, keyId, agent) = await WorldWithKey();
        var key = agent.DefaultRequestHeaders.Authorization!.Parameter!;
        using var forger = new HttpClient { BaseAddress = Host.BaseAddress };
        forger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key[..^4] + "AAAA");

        await (await forger.PostAsJsonAsync($"/api/connection-points/{world.Point}/heartbeats", Beat(1))).Problem(401);
        Assert.Contains(keyId, key);
    }

    [Fact]
    public async Task An_agent_that_restarts_with_a_new_boot_id_is_heard_at_once_from_seq_1()
    {
        var (world, _, agent) = await WorldWithKey();
        var url = $"/api/connection-points/{world.Point}/heartbeats";
        Assert.Equal(1, (int)(await (await agent.PostAsJsonAsync(url, Beat(500, "boot-a"))).Json())["applied"]!);
        Assert.Equal(0, (int)(await (await agent.PostAsJsonAsync(url, Beat(1, "boot-a"))).Json())["applied"]!);

        var restarted = await (await agent.PostAsJsonAsync(url, Beat(1, "boot-b"))).Json();

        Assert.Equal(1, (int)restarted["applied"]!);
        // A late heartbeat of the start before changes nothing and does not restart the order.
        Assert.Equal(0, (int)(await (await agent.PostAsJsonAsync(url, Beat(501, "boot-a"))).Json())["applied"]!);
        Assert.Equal(1, (int)(await (await agent.PostAsJsonAsync(url, Beat(2, "boot-b"))).Json())["applied"]!);
    }

    [Fact]
    public async Task A_batch_with_a_null_item_is_400_and_applies_nothing()
    {
        var (world, _, agent) = await WorldWithKey();

        var problem = await (await agent.PostAsync("/api/heartbeats",
            new StringContent($"[{System.Text.Json.JsonSerializer.Serialize(Beat(7, point: world.Point))}, null]", System.Text.Encoding.UTF8, "application/json")))
            .Problem(400);

        Assert.NotNull(problem["errors"]!["[1]"]);
        var point = await (await Host.Client("operator").GetAsync($"/api/connection-points/{world.Point}")).Json();
        Assert.Null(point["lastSeq"]);
    }
}
