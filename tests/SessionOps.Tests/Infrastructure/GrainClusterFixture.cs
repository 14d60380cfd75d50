using Orleans.TestingHost;
using SessionOps.Hosting;

namespace SessionOps.Tests.Infrastructure;

/// <summary>An Orleans test cluster whose grains keep their state in a real SQLite file.</summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var path = _directory.File("grains.db");
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => silo.UseSessionOpsSqlite(path));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _directory.Dispose();
    }
}
