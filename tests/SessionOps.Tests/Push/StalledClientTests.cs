using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Push;

/// <summary>Frozen browser tabs hold up nobody: the Gateway never waits for a client on the way from the grains.</summary>
public sealed class StalledClientTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.Start(_directory.File("stalled.db"), settings: new Dictionary<string, string?>
    {
        // Every change is a board push, and a stalled connection is never dropped during the test: if anything waited
        // for it, the healthy client would stop hearing.
        ["Push:BoardInterval"] = "00:00:00",
        ["Push:SendTimeout"] = "00:10:00",
    });

    [Fact]
    public async Task Clients_that_stop_reading_do_not_hold_up_the_pushes_of_a_healthy_client()
    {
        var admin = _host.Client("admin");
        var world = await new ApiWorld(admin).Create();
        // A big board (a hundred points): the stalled sockets' buffers fill after a few dozen pushes.
        var points = Enumerable.Range(0, 100).Select(i => $"{world.Prefix}-p{i}").ToArray();
        await Task.WhenAll(points.Select(id => admin.PutAsJsonAsync($"/api/connection-points/{id}",
            new { name = $"Điểm cầu thử nghiệm số {id}", province = "Huế", kind = "provincialDelegation" })));
        Assert.True((await admin.PutAsJsonAsync($"/api/sessions/{world.Session}", new
        {
            title = "Phiên họp toàn thể", kind = "plenary", format = "hybrid", hallVenueId = world.Hall,
            scheduledStart = ApiWorld.Start, scheduledEnd = ApiWorld.End,
            connectionPointIds = points.Append(world.Point).ToArray(), delegateIds = new[] { world.Delegate },
        })).IsSuccessStatusCode);

        var stalled = new List<StalledWebSocket>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                stalled.Add(await StalledWebSocket.Subscribe(_host, _host.Token("leadership"), world.Session));
            }

            await using var healthy = await HubClient.Connect(_host, "leadership");
            await healthy.Subscribe(world.Session);

            // Several megabytes of boards for each stalled client: far beyond what its socket and SignalR buffer hold.
            var security = _host.Client("security");
            for (var i = 0; i < 300; i++)
            {
                var status = i % 2 == 0 ? "inHall" : "absent";
                var marked = await security.PostAsJsonAsync($"/api/sessions/{world.Session}/attendance", new { delegateId = world.Delegate, status });
                Assert.True(marked.IsSuccessStatusCode, await marked.Content.ReadAsStringAsync());
            }

            var final = await (await admin.GetAsync($"/api/sessions/{world.Session}/board")).Json();
            var finalVersion = (long)final["version"]!;
            var last = await healthy.WaitFor("BoardUpdated", b => b.Long("version") >= finalVersion, TimeSpan.FromSeconds(60));
            Assert.Equal(0, last.Int("attendance", "inHall"));
            Assert.True(healthy.All("BoardUpdated").Count() > 50, "the healthy client heard the changes as they came, not only the last");
        }
        finally
        {
            // Closed before the server stops: a connection that never reads would hold its shutdown for the send timeout.
            stalled.ForEach(s => s.Dispose());
        }
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _directory.Dispose();
    }
}
