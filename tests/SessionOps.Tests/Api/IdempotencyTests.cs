using System.Net;
using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Api;

/// <summary>A request sent twice with the same Idempotency-Key is carried out once.</summary>
public sealed class IdempotencyTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    private static HttpRequestMessage Post(string url, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task A_repeated_sweep_with_the_same_key_records_one_sweep_and_opens_one_incident()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var security = Host.Client("security");
        var key = Guid.NewGuid().ToString();
        var body = new { status = "issue", note = "Cổng phụ chưa khóa" };

        var first = await security.SendAsync(Post($"/api/venues/{world.Lodging}/sweeps", body, key));
        var repeat = await security.SendAsync(Post($"/api/venues/{world.Lodging}/sweeps", body, key));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        var sweeps = (await (await security.GetAsync($"/api/venues/{world.Lodging}/sweeps")).Json()).AsArray();
        Assert.Single(sweeps);
        var incidents = (await (await Host.Client("admin").GetAsync($"/api/incidents?sessionId={world.Session}")).Json()).AsArray();
        Assert.Single(incidents, i => (string)i!["kind"]! == "security");

        // Without the key, or with another, it is a new request.
        Assert.Equal(HttpStatusCode.OK, (await security.SendAsync(Post($"/api/venues/{world.Lodging}/sweeps", body, Guid.NewGuid().ToString()))).StatusCode);
        Assert.Equal(2, (await (await security.GetAsync($"/api/venues/{world.Lodging}/sweeps")).Json()).AsArray().Count);
    }

    [Fact]
    public async Task The_same_key_on_a_different_request_is_refused_and_changes_nothing()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var security = Host.Client("security");
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, (await security.SendAsync(Post($"/api/venues/{world.Lodging}/sweeps", new { status = "clear" }, key))).StatusCode);

        await (await security.SendAsync(Post($"/api/venues/{world.Lodging}/sweeps", new { status = "issue", note = "khác" }, key))).Problem(422);

        Assert.Single((await (await security.GetAsync($"/api/venues/{world.Lodging}/sweeps")).Json()).AsArray());
    }

    [Fact]
    public async Task A_refused_request_is_kept_as_refused_and_another_caller_has_keys_of_its_own()
    {
        var world = await new ApiWorld(Host.Client("admin")).Create();
        var key = Guid.NewGuid().ToString();
        var invalid = new { phase = "flying" };

        await (await Host.Client("operator").SendAsync(Post($"/api/sessions/{world.Session}/phase", invalid, key))).Problem(400);
        await (await Host.Client("operator").SendAsync(Post($"/api/sessions/{world.Session}/phase", invalid, key))).Problem(400);
        // The admin's key space is not the operator's.
        Assert.Equal(HttpStatusCode.OK,
            (await Host.Client("admin").SendAsync(Post($"/api/sessions/{world.Session}/phase", new { phase = "preparing" }, key))).StatusCode);
    }
}
