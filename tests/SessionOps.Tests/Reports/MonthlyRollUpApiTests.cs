using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Reports;

/// <summary>A month of several sittings rolled up: meetings by outcome, each point's availability, incidents handled.</summary>
public sealed class MonthlyRollUpApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task The_month_counts_its_meetings_by_outcome_and_rolls_up_each_points_availability_and_the_incidents_of_the_sittings_it_closed()
    {
        var admin = Host.Client("admin");
        var @operator = Host.Client("operator");
        var prefix = "m" + Guid.NewGuid().ToString("N")[..8];
        var (hall, steady, shaky) = ($"{prefix}-hall", $"{prefix}-cp-1", $"{prefix}-cp-2");
        // A month of its own, years away, that no other test writes into.
        var month = $"20{30 + Random.Shared.Next(60)}-{Random.Shared.Next(1, 13):00}";
        await Put(admin, $"/api/venues/{hall}", new { name = "Hội trường", kind = "hall" });
        await Put(admin, $"/api/connection-points/{steady}", new { name = "Đoàn ĐBQH Huế", province = "Huế", kind = "provincialDelegation" });
        await Put(admin, $"/api/connection-points/{shaky}", new { name = "Đoàn ĐBQH Lai Châu", province = "Lai Châu", kind = "provincialDelegation" });
        object Sitting(string kind, int day, params string[] points) => new
        {
            title = $"Cuộc họp ngày {day}", kind, format = "hybrid", hallVenueId = hall,
            scheduledStart = $"{month}-{day:00}T08:00:00+07:00", scheduledEnd = $"{month}-{day:00}T11:00:00+07:00",
            connectionPointIds = points, delegateIds = Array.Empty<string>(),
        };
        await Put(admin, $"/api/sessions/{prefix}-a", Sitting("plenary", 3, steady, shaky));
        await Put(admin, $"/api/sessions/{prefix}-b", Sitting("conference", 4, shaky));
        await Put(admin, $"/api/sessions/{prefix}-c", Sitting("conference", 5, steady));
        await Put(admin, $"/api/sessions/{prefix}-d", Sitting("other", 6));
        long seq = 0;

        // A: both points online from start to close.
        await Heartbeats.Send(@operator, steady, Heartbeats.Good(++seq));
        await Heartbeats.Send(@operator, shaky, Heartbeats.Good(seq));
        await Run(admin, @operator, $"{prefix}-a", during: () => Task.CompletedTask);

        // B: the shaky point loses sound and picture while it runs; an operator takes the incident, and it comes back.
        await Run(admin, @operator, $"{prefix}-b", during: async () =>
        {
            await Heartbeats.Send(@operator, shaky, [.. Enumerable.Range(0, 6).Select(_ => Heartbeats.Dead(++seq))]);
            var incidents = await Eventually.Get(
                async () => (await (await @operator.GetAsync($"/api/incidents?sessionId={prefix}-b")).Json()).AsArray(),
                found => found.Count > 0, TimeSpan.FromSeconds(15), "an incident about the shaky point");
            Assert.True((await @operator.PostAsJsonAsync($"/api/incidents/{(string)incidents[0]!["id"]!}/acknowledge", new { })).IsSuccessStatusCode);
            await Heartbeats.Send(@operator, shaky, [.. Enumerable.Range(0, 8).Select(_ => Heartbeats.Good(++seq))]);
        });

        Assert.True((await @operator.PostAsJsonAsync($"/api/sessions/{prefix}-c/phase", new { phase = "postponed", reason = "Lùi theo chương trình" })).IsSuccessStatusCode);
        Assert.True((await admin.PostAsJsonAsync($"/api/sessions/{prefix}-d/phase", new { phase = "cancelled", reason = "Hủy" })).IsSuccessStatusCode);

        // The roll-up keeps each sitting as it closes (one-way): read until both are there.
        var rollUp = await Eventually.Get(async () => await (await Host.Client("leadership").GetAsync($"/api/reports/monthly?month={month}")).Json(),
            r => r["sittings"]!.AsArray().Count == 2, TimeSpan.FromSeconds(15), "both closed sittings in the roll-up");

        Assert.Equal(month, (string)rollUp["period"]!);
        var meetings = rollUp["meetings"]!;
        Assert.Equal((4, 2, 1, 1), ((int)meetings["total"]!, (int)meetings["held"]!, (int)meetings["postponed"]!, (int)meetings["cancelled"]!));
        Assert.Equal(2, (int)meetings["byKind"]!["conference"]!);
        var points = rollUp["connectionPoints"]!.AsArray().ToDictionary(p => (string)p!["id"]!);
        Assert.Equal(100, (double)points[steady]!["availabilityPct"]!);
        Assert.Equal(0, (int)points[steady]!["incidents"]!);
        Assert.True((double)points[shaky]!["availabilityPct"]! < 100, rollUp.ToJsonString());
        Assert.Equal(1, (int)points[shaky]!["incidents"]!);
        // Sorted with the least available first: the one to talk about.
        Assert.Equal(shaky, (string)rollUp["connectionPoints"]![0]!["id"]!);
        Assert.Equal(1, (int)rollUp["incidents"]!["total"]!);
        Assert.NotNull(rollUp["incidents"]!["medianSecondsToAcknowledge"]);
        Assert.Equal(0, (double)rollUp["readinessOnTimePct"]!);

        // A leader scoped to Huế sees Huế's point alone.
        var id = await SessionOps.Tests.Identity.TestAccounts.Create(Host, "leadership", provinces: ["Huế"]);
        using var hue = await SessionOps.Tests.Identity.TestAccounts.SignedIn(Host, id);
        var scoped = await (await hue.Http.GetAsync($"/api/reports/monthly?month={month}")).Json();
        Assert.Equal([steady], scoped["connectionPoints"]!.AsArray().Select(p => (string)p!["id"]!));
        // ... and no incident of another province's point, in the month's figures or in a sitting's report.
        Assert.Equal(0, (int)scoped["incidents"]!["total"]!);
        var report = await (await hue.Http.GetAsync($"/api/sessions/{prefix}-b/report")).Json();
        Assert.Empty(report["incidents"]!.AsArray());
        Assert.Empty(report["connectionPoints"]!.AsArray());
    }

    [Theory]
    [InlineData("/api/reports/monthly?month=2026-13")]
    [InlineData("/api/reports/monthly?month=12-2026")]
    [InlineData("/api/reports/yearly?year=99")]
    [InlineData("/api/reports/monthly?month=9999-12")]
    [InlineData("/api/calendar?month=9999-12")]
    public async Task A_month_or_year_in_another_shape_is_400(string url) =>
        Assert.Equal(HttpStatusCode.BadRequest, (await Host.Client("leadership").GetAsync(url)).StatusCode);

    private static async Task Run(HttpClient admin, HttpClient @operator, string session, Func<Task> during)
    {
        foreach (var phase in new[] { "preparing", "ready" })
        {
            Assert.True((await @operator.PostAsJsonAsync($"/api/sessions/{session}/phase", new { phase })).IsSuccessStatusCode);
        }

        var live = await admin.PostAsJsonAsync($"/api/sessions/{session}/phase", new { phase = "live", @override = true, reason = "Kiểm thử" });
        Assert.True(live.IsSuccessStatusCode, await live.Content.ReadAsStringAsync());
        await during();
        foreach (var phase in new[] { "adjourned", "closed" })
        {
            Assert.True((await @operator.PostAsJsonAsync($"/api/sessions/{session}/phase", new { phase })).IsSuccessStatusCode);
        }
    }

    private static async Task Put(HttpClient admin, string url, object body)
    {
        var response = await admin.PutAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {await response.Content.ReadAsStringAsync()}");
    }
}
