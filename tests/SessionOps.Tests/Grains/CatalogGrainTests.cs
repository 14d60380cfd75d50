using SessionOps.Catalogs;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Grains;

public sealed class CatalogGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task Adds_that_arrive_together_are_all_kept_and_survive_deactivation()
    {
        var catalog = fixture.Grains.GetGrain<ICatalogGrain>("test-" + Guid.NewGuid().ToString("N"));
        var ids = Enumerable.Range(0, 300).Select(i => $"point-{i:000}").ToArray();

        await Task.WhenAll(ids.Select(catalog.Add));
        await catalog.Remove("point-007");
        await Task.WhenAll(catalog.Add("point-007"), catalog.Remove("point-008"), catalog.Add("point-300"));

        string[] expected = [.. ids.Where(id => id != "point-008"), "point-300"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), await catalog.List());
        await fixture.Cluster.DeactivateAsync(catalog);
        Assert.Equal(expected.Order(StringComparer.Ordinal), await Eventually.Get(() => catalog.List(), l => l.Length > 0));
        Assert.Equal(["point-008", "point-999"], await catalog.Missing(["point-001", "point-008", "point-999"]));
    }
}
