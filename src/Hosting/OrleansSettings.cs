using System.Net;
using Microsoft.Extensions.Configuration;

namespace SessionOps.Hosting;

/// <summary>The <c>Orleans:*</c> and <c>ConnectionStrings:Redis</c> keys of the contract, read once.</summary>
public sealed record OrleansSettings(
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    IPAddress AdvertisedIP,
    string? Redis,
    TimeSpan ResponseTimeout)
{
    public static OrleansSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Orleans");
        return new OrleansSettings(
            ClusterId: section["ClusterId"] ?? "sessionops",
            ServiceId: section["ServiceId"] ?? "sessionops",
            SiloPort: section.GetValue("SiloPort", 11111),
            GatewayPort: section.GetValue("GatewayPort", 30000),
            AdvertisedIP: IPAddress.Parse(section["AdvertisedIP"] ?? "127.0.0.1"),
            Redis: configuration.GetConnectionString("Redis"),
            ResponseTimeout: section.GetValue("ResponseTimeout", TimeSpan.FromSeconds(10)));
    }

    public string RequireRedis() => string.IsNullOrWhiteSpace(Redis)
        ? throw new StartupRefusedException(
            "ConnectionStrings:Redis is required in cluster mode (for example ConnectionStrings__Redis=127.0.0.1:6379,password=...).")
        : Redis;
}
