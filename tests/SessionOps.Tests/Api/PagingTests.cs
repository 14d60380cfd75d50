using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Api;

/// <summary>List routes page with ?limit=&amp;after=, following the Link header, and refuse a bad page.</summary>
public sealed class PagingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Following_the_next_links_lists_every_venue_once_in_order()
    {
        var admin = fixture.Host.Client("admin");
        var prefix = "pg" + Guid.NewGuid().ToString("N")[..6];
        var mine = Enumerable.Range(0, 7).Select(i => $"{prefix}-{i}").ToArray();
        foreach (var id in mine)
        {
            Assert.True((await admin.PutAsJsonAsync($"/api/venues/{id}", new { name = $"Phòng {id}", kind = "meetingRoom" })).IsSuccessStatusCode);
        }

        var all = (await (await admin.GetAsync("/api/venues")).Json()).AsArray().Select(v => (string)v!["id"]!).ToArray();
        var paged = new List<string>();
        string? next = "/api/venues?limit=3";
        var pages = 0;
        while (next is not null)
        {
            var response = await admin.GetAsync(next);
            var page = (await response.Json()).AsArray().Select(v => (string)v!["id"]!).ToArray();
            Assert.True(page.Length <= 3);
            paged.AddRange(page);
            pages++;
            next = response.Headers.TryGetValues("Link", out var links)
                ? links.Single().Split(';')[0].Trim('<', '>', ' ')
                : null;
        }

        Assert.Equal(all.Order(StringComparer.Ordinal), paged);
        Assert.Equal((all.Length + 2) / 3, pages);
        Assert.Subset(paged.ToHashSet(), mine.ToHashSet());
    }

    [Theory]
    [InlineData("routes")]
    [InlineData("delegates")]
    public async Task A_sessions_delegates_and_their_routes_page_by_delegate(string list)
    {
        var admin = fixture.Host.Client("admin");
        var world = await new ApiWorld(admin).Create();
        var delegates = Enumerable.Range(0, 5).Select(i => $"{world.Prefix}-p{i}").Append(world.Delegate).ToArray();
        foreach (var id in delegates)
        {
            Assert.True((await admin.PutAsJsonAsync($"/api/delegates/{id}", new { name = $"Đại biểu {id}", delegation = "Huế", lodgingVenueId = world.Lodging })).IsSuccessStatusCode);
        }

        var body = ApiWorld.SessionBody(world.Hall, world.Point, world.Delegate);
        var session = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(body))!;
        session["delegateIds"] = new System.Text.Json.Nodes.JsonArray([.. delegates.Select(d => System.Text.Json.Nodes.JsonValue.Create(d))]);
        Assert.True((await admin.PutAsJsonAsync($"/api/sessions/{world.Session}", session)).IsSuccessStatusCode);

        var reader = fixture.Host.Client("security");
        var paged = new List<string>();
        string? next = $"/api/sessions/{world.Session}/{list}?limit=4";
        var pages = 0;
        while (next is not null)
        {
            var response = await reader.GetAsync(next);
            var page = (await response.Json()).AsArray().Select(r => (string)(r!["delegateId"] ?? r["id"])!).ToArray();
            Assert.True(page.Length <= 4);
            paged.AddRange(page);
            pages++;
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split(';')[0].Trim('<', '>', ' ') : null;
        }

        Assert.Equal(delegates.Order(StringComparer.Ordinal), paged);
        Assert.Equal(2, pages);
        await (await reader.GetAsync($"/api/sessions/{world.Session}/{list}?limit=0")).Problem(400);
    }

    [Fact]
    public async Task Following_the_next_links_of_a_filtered_incident_list_gives_every_incident_once()
    {
        var operatorClient = fixture.Host.Client("operator");
        var points = new List<string>();
        foreach (var _ in Enumerable.Range(0, 4))
        {
            var world = await (await new ApiWorld(fixture.Host.Client("admin")).Create()).MoveTo(operatorClient, "preparing");
            await Heartbeats.Send(operatorClient, world.Point, Heartbeats.Poor(1), Heartbeats.Poor(2), Heartbeats.Poor(3));
            points.Add(world.Point);
        }

        // Only this test's incidents: others (a readiness deadline passing) may open while it runs.
        async Task<string[]> Mine(string state) => (await (await operatorClient.GetAsync($"/api/incidents?state={state}")).Json()).AsArray()
            .Where(i => points.Contains((string)i!["targetId"]!)).Select(i => (string)i!["id"]!).ToArray();
        var opened = await Eventually.Get(() => Mine("open"), ids => ids.Length == 4, what: "four open incidents");
        var acknowledged = opened.Order(StringComparer.Ordinal).ElementAt(1);
        Assert.True((await operatorClient.PostAsJsonAsync($"/api/incidents/{acknowledged}/acknowledge", new { note = "Đã thấy" })).IsSuccessStatusCode);
        var whole = await Mine("open");

        var paged = new List<string>();
        string? next = "/api/incidents?state=open&limit=2";
        while (next is not null)
        {
            var response = await operatorClient.GetAsync(next);
            var page = (await response.Json()).AsArray();
            Assert.True(page.Count <= 2);
            Assert.All(page, i => Assert.Equal("open", (string)i!["state"]!));
            paged.AddRange(page.Select(i => (string)i!["id"]!).Where(id => opened.Contains(id)));
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split(';')[0].Trim('<', '>', ' ') : null;
            Assert.True(next is null || next.Contains("state=open", StringComparison.Ordinal), next);
        }

        Assert.Equal(3, whole.Length);
        Assert.DoesNotContain(acknowledged, paged);
        Assert.Equal(whole.Order(StringComparer.Ordinal), paged.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/api/venues?limit=0")]
    [InlineData("/api/venues?limit=abc")]
    [InlineData("/api/delegates?limit=5000")]
    [InlineData("/api/connection-points?after=Không-hợp-lệ")]
    public async Task A_bad_page_is_400(string url)
    {
        var problem = await (await fixture.Host.Client("admin").GetAsync(url)).Problem(400);
        Assert.NotNull(problem["errors"]);
    }
}
