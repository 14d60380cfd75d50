using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace SessionOps.Hosting;

/// <summary>The <c>Orleans:*</c>, <c>ConnectionStrings:Redis</c> and <c>Redis:*</c> keys, read once.</summary>
public sealed record OrleansSettings(
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    IPAddress AdvertisedIP,
    string? Redis,
    PrivateAuthority? RedisAuthority,
    TimeSpan RedisWaitAtStart,
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
            RedisAuthority: configuration["Redis:Authority"] is { Length: > 0 } authority ? PrivateAuthority.Load(authority, "Redis:Authority") : null,
            RedisWaitAtStart: configuration.GetValue("Redis:WaitAtStart", TimeSpan.FromMinutes(1)),
            ResponseTimeout: section.GetValue("ResponseTimeout", TimeSpan.FromSeconds(10)));
    }

    /// <summary>
    /// A fresh set of StackExchange.Redis options for one connection: the connection string's, and where Redis is on TLS
    /// with a certificate from an authority of the operator's own (<c>Redis:Authority</c>), that authority as its only root.
    /// </summary>
    public ConfigurationOptions RedisOptions()
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(RequireRedis());
        }
        catch (ArgumentException exception)
        {
            throw new StartupRefusedException($"ConnectionStrings:Redis is not a StackExchange.Redis configuration string ({exception.Message}).");
        }

        if (RedisAuthority is { } authority)
        {
            // The name must still match (the host in the connection string, or its sslHost); only the root is ours.
            options.CertificateValidation += (_, certificate, _, errors) =>
                certificate is not null && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None &&
                authority.Trusts(certificate as X509Certificate2 ?? new X509Certificate2(certificate), out _, PrivateAuthority.ServerAuthentication);
        }

        return options;
    }

    public string RequireRedis() => string.IsNullOrWhiteSpace(Redis)
        ? throw new StartupRefusedException(
            "ConnectionStrings:Redis is required in cluster mode (for example ConnectionStrings__Redis=127.0.0.1:6379,password=...).")
        : Redis;
}
