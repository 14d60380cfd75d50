using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Api;

/// <summary>Set-up through the API as an admin does it, and files sent as the import pages send them, for the set-up-at-scale tests.</summary>
public static class SetUpApi
{
    /// <summary>A prefix of ids of its own, so that tests sharing a Gateway never see each other's data.</summary>
    public static string NewPrefix(string letter) => letter + Guid.NewGuid().ToString("N")[..10];

    public static async Task Put(HttpClient admin, string url, object body)
    {
        var response = await admin.PutAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static Task Hall(HttpClient admin, string id, string name) =>
        Put(admin, $"/api/venues/{id}", new { name, kind = "hall", address = "Số 1 Độc Lập, Ba Đình" });

    public static Task Lodging(HttpClient admin, string id, string name) =>
        Put(admin, $"/api/venues/{id}", new { name, kind = "lodging", address = "Số 12 phố Hoàng Văn Thụ" });

    public static Task Point(HttpClient admin, string id, string name, string province) =>
        Put(admin, $"/api/connection-points/{id}", new { name, province, kind = "provincialDelegation" });

    public static Task Delegate(HttpClient admin, string id, string name, string delegation = "Huế") =>
        Put(admin, $"/api/delegates/{id}", new { name, delegation });

    /// <summary>Posts <paramref name="text"/> as UTF-8 without a byte-order mark, with the given media type.</summary>
    public static Task<HttpResponseMessage> PostFile(HttpClient client, string url, string text, string mediaType) =>
        PostFile(client, url, Encoding.UTF8.GetBytes(text), mediaType);

    public static Task<HttpResponseMessage> PostFile(HttpClient client, string url, byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        return client.PostAsync(url, content);
    }

    /// <summary>An import's report of a file without errors: 200 and the counts.</summary>
    public static async Task<JsonNode> Report(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
        var report = JsonNode.Parse(body)!;
        Assert.Empty(report["errors"]!.AsArray());
        return report;
    }

    public static void AssertCounts(JsonNode report, bool dryRun, int created, int updated, int unchanged)
    {
        Assert.Equal(dryRun, (bool)report["dryRun"]!);
        Assert.Equal(created, (int)report["created"]!);
        Assert.Equal(updated, (int)report["updated"]!);
        Assert.Equal(unchanged, (int)report["unchanged"]!);
    }

    /// <summary>The rows and fields of a refused import's errors: 400 problem+json, the errors an array, nothing counted.</summary>
    public static async Task<(int Row, string Field, string Message)[]> Refused(HttpResponseMessage response, bool dryRun = false)
    {
        var problem = await response.Problem(400);
        Assert.Equal(dryRun, (bool)problem["dryRun"]!);
        Assert.Equal(0, (int)problem["created"]!);
        Assert.Equal(0, (int)problem["updated"]!);
        Assert.Equal(0, (int)problem["unchanged"]!);
        var errors = problem["errors"]!.AsArray();
        Assert.NotEmpty(errors);
        return [.. errors.Select(e => ((int)e!["row"]!, (string)e["field"]!, (string)e["message"]!))];
    }

    public static async Task AssertNoSession(HttpClient client, string id) =>
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/sessions/{id}")).StatusCode);

    public static async Task AssertNoDelegate(HttpClient client, string id) =>
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/delegates/{id}")).StatusCode);

    public static async Task<JsonNode> Get(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>
    /// The id a calendar's UID becomes when it is not an id itself (Outlook's and Google's are not): <c>ical-</c> and the first
    /// 20 hex digits of the SHA-256 of the UID, computed here on its own so that a change of the rule shows.
    /// </summary>
    public static string CalendarId(string uid) =>
        "ical-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uid)))[..20];
}
