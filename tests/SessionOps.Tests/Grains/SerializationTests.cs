using Orleans.Serialization;
using SessionOps.Catalogs;
using SessionOps.ConnectionPoints;
using SessionOps.Delegates;
using SessionOps.Sessions;
using SessionOps.Venues;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Grains;

/// <summary>Every message and state type survives Orleans' serializer, the one that writes grain state too.</summary>
public sealed class SerializationTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(7));

    public static TheoryData<object> Values() =>
    [
        CommandResult.Invalid("name", "name is required."),
        new Actor("Nguyễn Văn A", "admin"),
        new VenueSpec("Hội trường Diên Hồng", VenueKind.Hall, "Số 1 Độc Lập"),
        new Venue("dien-hong", "Hội trường Diên Hồng", VenueKind.Hall, null, At),
        new ConnectionPointSpec("Đoàn ĐBQH Huế", "Huế", ConnectionPointKind.ProvincialDelegation),
        new ConnectionPoint("doan-hue", "Đoàn ĐBQH Huế", "Huế", ConnectionPointKind.ProvincialDelegation, LinkHealth.Degraded, At, At),
        new DelegateSpec("Lê Thị D", "Huế", "nha-khach"),
        new DelegateRecord("d1", "Lê Thị D", "Huế", null, At),
        new SessionSpec("Kỳ họp", SessionKind.Plenary, SessionFormat.Hybrid, "hall", At, At.AddHours(3), ["a", "b"], ["d"], 1),
        new PhaseRequest(SessionPhase.Postponed, "Bão", true, new Actor("A", "admin")),
        new PhaseChange(SessionPhase.Live, SessionPhase.Suspended, At, "A", "Mất tín hiệu", false),
        new Session("s", "Kỳ họp", SessionKind.Plenary, SessionFormat.Hybrid, "hall", At, At.AddHours(3), ["a"], ["d"], null,
            SessionPhase.Live, null, [new PhaseChange(SessionPhase.Ready, SessionPhase.Live, At, "A", null, false)], At),
        new SessionState { Spec = new("T", SessionKind.Other, SessionFormat.Online, "h", At, At.AddHours(1), [], [], null), Phase = SessionPhase.Ready },
        new VenueState { Spec = new("V", VenueKind.Dining, null), UpdatedAt = At },
        new CatalogState { Ids = ["a", "b"] },
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void Round_trips_through_the_orleans_serializer(object value)
    {
        var serializer = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<object>(serializer.SerializeToArray(value));

        Assert.NotNull(copy);
        Assert.Equal(value.GetType(), copy.GetType());
        Assert.Equal(Json(value), Json(copy));
    }

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value, value.GetType());
}
