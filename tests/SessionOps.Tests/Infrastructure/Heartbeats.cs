using System.Net.Http.Json;

namespace SessionOps.Tests.Infrastructure;

/// <summary>Heartbeats as an agent sends them; a good one, and the kinds of bad a link can have.</summary>
public static class Heartbeats
{
    public static object Good(long seq) => new
    {
        seq, sentAt = DateTimeOffset.Now.ToString("O"), latencyMs = 60, jitterMs = 5, packetLossPct = 0.2, bitrateKbps = 2000, audio = true, video = true,
    };

    /// <summary>A link that still carries the sitting, badly: the operators' consoles would alert.</summary>
    public static object Poor(long seq) => new
    {
        seq, sentAt = DateTimeOffset.Now.ToString("O"), latencyMs = 450, jitterMs = 60, packetLossPct = 6, bitrateKbps = 600, audio = true, video = true,
    };

    /// <summary>An agent that still reports while neither sound nor picture gets through: rated offline.</summary>
    public static object Dead(long seq) => new
    {
        seq, sentAt = DateTimeOffset.Now.ToString("O"), latencyMs = 80, jitterMs = 10, packetLossPct = 1, bitrateKbps = 1500, audio = false, video = false,
    };

    public static async Task Send(HttpClient client, string pointId, params object[] heartbeats)
    {
        foreach (var heartbeat in heartbeats)
        {
            var response = await client.PostAsJsonAsync($"/api/connection-points/{pointId}/heartbeats", heartbeat);
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
