using SessionOps.Delegates;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Grains;

public sealed class DelegateGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task A_delegate_lodges_only_at_a_lodging_venue_that_exists()
    {
        var world = await new TestWorld(fixture.Grains).Define();
        var grain = fixture.Grains.GetGrain<IDelegateGrain>($"{world.Prefix}-new");

        var atHall = await grain.Define(new DelegateSpec("Lê Văn C", "Huế", world.Hall));
        var atNowhere = await grain.Define(new DelegateSpec("Lê Văn C", "Huế", $"{world.Prefix}-nowhere"));

        Assert.Equal(CommandStatus.Invalid, atHall.Status);
        Assert.Equal(CommandStatus.Invalid, atNowhere.Status);
        Assert.Null(await grain.Get());

        Assert.True((await grain.Define(new DelegateSpec("Lê Văn C", "Huế", world.Lodging))).IsOk);
        Assert.Equal(world.Lodging, (await grain.Get())!.LodgingVenueId);
    }
}
