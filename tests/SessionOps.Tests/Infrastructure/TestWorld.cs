using SessionOps.ConnectionPoints;
using SessionOps.Delegates;
using SessionOps.Sessions;
using SessionOps.Venues;

namespace SessionOps.Tests.Infrastructure;

/// <summary>A small parliament with ids of its own, so that tests sharing a cluster never see each other's data.</summary>
public sealed class TestWorld(IGrainFactory grains)
{
    public string Prefix { get; } = "t" + Guid.NewGuid().ToString("N")[..10];

    public string Hall => $"{Prefix}-hall";
    public string Lodging => $"{Prefix}-lodging";
    public string[] Points => [$"{Prefix}-cp-ha-noi", $"{Prefix}-cp-da-nang"];
    public string[] Delegates => [$"{Prefix}-d1", $"{Prefix}-d2", $"{Prefix}-d3"];
    public string Session => $"{Prefix}-session";

    /// <summary>Today at 08:00 in Hà Nội: a sitting of a day gone by no longer listens to its points.</summary>
    public static readonly DateTimeOffset Start = ParliamentTime.At(ParliamentTime.Today(TimeProvider.System), 8, 0);

    /// <summary>The next morning: a run that crosses midnight in Hà Nội still finds its sittings of the day not over.</summary>
    public static readonly DateTimeOffset End = Start.AddHours(22);

    public async Task<TestWorld> Define()
    {
        Ok(await grains.GetGrain<IVenueGrain>(Hall).Define(new("Hội trường Diên Hồng", VenueKind.Hall, "Số 1 Độc Lập")));
        Ok(await grains.GetGrain<IVenueGrain>(Lodging).Define(new("Nhà khách Ba Đình", VenueKind.Lodging, "Số 12 Hoàng Văn Thụ")));
        Ok(await grains.GetGrain<IConnectionPointGrain>(Points[0]).Define(new("Đoàn ĐBQH Hà Nội", "Hà Nội", ConnectionPointKind.ProvincialDelegation)));
        Ok(await grains.GetGrain<IConnectionPointGrain>(Points[1]).Define(new("Đoàn ĐBQH Đà Nẵng", "Đà Nẵng", ConnectionPointKind.ProvincialDelegation)));
        foreach (var id in Delegates)
        {
            Ok(await grains.GetGrain<IDelegateGrain>(id).Define(new($"Đại biểu {id}", "Hà Nội", Lodging)));
        }

        return this;
    }

    public SessionSpec SessionSpec(string? title = null) => new(
        title ?? "Phiên họp toàn thể", SessionKind.Plenary, SessionFormat.Hybrid, Hall,
        Start, End, Points, Delegates, Quorum: null);

    public async Task<ISessionGrain> DefineSession()
    {
        var grain = grains.GetGrain<ISessionGrain>(Session);
        Ok(await grain.Define(SessionSpec()));
        return grain;
    }

    private static void Ok(CommandResult result) => Assert.True(result.IsOk, $"{result.Status}: {result.Detail}");
}
