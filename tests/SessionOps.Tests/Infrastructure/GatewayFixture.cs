using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SessionOps.Tests.Infrastructure;

/// <summary>One embedded Gateway on a real Kestrel and SQLite file, shared by the tests of a class.</summary>
public class GatewayFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public GatewayHost Host { get; private set; } = null!;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync() => Host = await GatewayHost.Start(_directory.File("gateway.db"), settings: Settings);

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>A Gateway whose points go offline after four seconds of silence, for the live tests.</summary>
public sealed class LiveGatewayFixture : GatewayFixture
{
    public static readonly TimeSpan OfflineAfter = TimeSpan.FromSeconds(4);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Health:OfflineAfter"] = OfflineAfter.ToString(),
    };
}

/// <summary>A small parliament set up through the API, with ids of its own.</summary>
public sealed class ApiWorld(HttpClient admin, string province = "Huế")
{
    public string Prefix { get; } = "w" + Guid.NewGuid().ToString("N")[..10];
    public string Hall => $"{Prefix}-hall";
    public string Lodging => $"{Prefix}-lodging";
    public string Point => $"{Prefix}-cp";
    public string Delegate => $"{Prefix}-d1";
    public string Session => $"{Prefix}-session";

    public const string LodgingAddress = "Số 12 phố Hoàng Văn Thụ, Ba Đình";

    /// <summary>The sittings of a test world are today's (in Hà Nội): security findings and day boards concern today.</summary>
    public static readonly DateOnly Day = ParliamentTime.Today(TimeProvider.System);

    /// <summary>
    /// A test world's sitting is under way whatever the hour the tests run: from an hour before they started (not before
    /// the day began) into the next morning. Route checks and sweeps count only for sittings not yet over and starting
    /// within their validity, so a fixed 08:00–23:30 failed every night from 23:30 until the morning; and a sitting that
    /// ended with its day was over for every test after midnight in Hà Nội of a run that began before it.
    /// </summary>
    public static readonly string Start = Minute(Max(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).AddHours(-1), new DateTimeOffset(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7))));

    public static readonly string End = At(Day.AddDays(1), 6, 0);

    public static string At(int hour, int minute = 0) => At(Day, hour, minute);

    private static string At(DateOnly day, int hour, int minute) => $"{day:yyyy-MM-dd}T{hour:00}:{minute:00}:00+07:00";

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static string Minute(DateTimeOffset at) => At(at.Hour, at.Minute);

    public static object SessionBody(string hall, string point, string @delegate) => new
    {
        title = "Phiên họp toàn thể",
        kind = "plenary",
        format = "hybrid",
        hallVenueId = hall,
        scheduledStart = Start,
        scheduledEnd = End,
        connectionPointIds = new[] { point },
        delegateIds = new[] { @delegate },
    };

    /// <summary>Moves the session along the phases, as an operator would.</summary>
    public async Task<ApiWorld> MoveTo(HttpClient @operator, params string[] phases)
    {
        foreach (var phase in phases)
        {
            var response = await @operator.PostAsJsonAsync($"/api/sessions/{Session}/phase", new { phase });
            Assert.True(response.IsSuccessStatusCode, $"{phase}: {await response.Content.ReadAsStringAsync()}");
        }

        return this;
    }

    /// <summary>From ready to live past the readiness gate: an admin's override with a reason.</summary>
    public async Task<ApiWorld> OverrideToLive()
    {
        var response = await admin.PostAsJsonAsync($"/api/sessions/{Session}/phase", new { phase = "live", @override = true, reason = "Kiểm thử" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return this;
    }

    public async Task<ApiWorld> Create()
    {
        await Put($"/api/venues/{Hall}", new { name = "Hội trường Diên Hồng", kind = "hall", address = "Số 1 Độc Lập" });
        await Put($"/api/venues/{Lodging}", new { name = "Nhà khách Ba Đình", kind = "lodging", address = LodgingAddress });
        await Put($"/api/connection-points/{Point}", new { name = $"Đoàn ĐBQH {province}", province, kind = "provincialDelegation" });
        await Put($"/api/delegates/{Delegate}", new { name = "Lê Thị D", delegation = province, lodgingVenueId = Lodging });
        await Put($"/api/sessions/{Session}", SessionBody(Hall, Point, Delegate));
        return this;
    }

    private async Task Put(string url, object body)
    {
        var response = await admin.PutAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

public static class ResponseExtensions
{
    public static async Task<JsonNode> Json(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body.");

    /// <summary>Asserts the status and that the body is problem details, and returns it.</summary>
    public static async Task<JsonNode> Problem(this HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(status, (int)problem["status"]!);
        return problem;
    }
}
