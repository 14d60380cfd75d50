using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SessionOps.Tests.Infrastructure;

/// <summary>
/// A certificate authority of a test cluster and one member certificate it issued, as PEM files in a temporary
/// folder: what scripts/make-cluster-certificates.sh makes for a real cluster, made in-process so no test needs openssl.
/// </summary>
public sealed class ClusterCertificates
{
    private static readonly TempDirectory Directory = new();

    /// <summary>The set every test cluster uses.</summary>
    public static ClusterCertificates Shared { get; } = Issue("sessionops-test");

    /// <summary>Another authority and its member: a process holding these is a stranger to <see cref="Shared"/>'s cluster.</summary>
    public static ClusterCertificates Foreign { get; } = Issue("stranger");

    private ClusterCertificates(string certificate, string key, string authority)
    {
        Certificate = certificate;
        Key = key;
        Authority = authority;
    }

    public string Certificate { get; }

    public string Key { get; }

    public string Authority { get; }

    public Dictionary<string, string?> Settings() => new()
    {
        ["Orleans:Tls:Certificate"] = Certificate,
        ["Orleans:Tls:Key"] = Key,
        ["Orleans:Tls:Authority"] = Authority,
    };

    private static ClusterCertificates Issue(string name)
    {
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest($"CN={name} authority", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var authority = authorityRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var memberKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var memberRequest = new CertificateRequest($"CN={name} member", memberKey, HashAlgorithmName.SHA256);
        memberRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        memberRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        memberRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        // Orleans does not check names; a Redis on TLS with this certificate is reached as 127.0.0.1, which is checked.
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        memberRequest.CertificateExtensions.Add(names.Build());
        using var member = memberRequest.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(16));

        var certificate = Directory.File($"{name}.crt");
        var key = Directory.File($"{name}.key");
        var authorityFile = Directory.File($"{name}-ca.crt");
        File.WriteAllText(certificate, member.ExportCertificatePem());
        File.WriteAllText(key, memberKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(authorityFile, authority.ExportCertificatePem());
        return new ClusterCertificates(certificate, key, authorityFile);
    }
}
