using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Connections.Security;

namespace SessionOps.Hosting;

/// <summary>
/// Mutual TLS on every Orleans connection of the cluster (silo to silo, Gateway to silo) from <c>Orleans:Tls:*</c>:
/// each process shows its certificate (<c>Certificate</c>, <c>Key</c>: PEM files) and accepts a peer only when the
/// peer's certificate chains to the cluster's own authority (<c>Authority</c>: a PEM file), never to whatever the
/// machine trusts. Peers are pods whose addresses change, so the certificate's names are not checked: holding a
/// certificate from the cluster's authority is what makes a process a member.
/// </summary>
public sealed class OrleansTls
{
    public const string Section = "Orleans:Tls";

    // Every member is both ends of its connections: a certificate issued for one use only is not a member's.
    private static readonly Oid[] Usages = [PrivateAuthority.ServerAuthentication, PrivateAuthority.ClientAuthentication];

    private readonly X509Certificate2 _certificate;
    private readonly PrivateAuthority _authority;

    private OrleansTls(X509Certificate2 certificate, PrivateAuthority authority)
    {
        _certificate = certificate;
        _authority = authority;
    }

    /// <summary>
    /// The settings, or null where TLS is off: in Development unless configured, elsewhere only with
    /// <c>Orleans:Tls:Enabled=false</c>. Refuses the start, naming the key, when a file is missing or unusable.
    /// </summary>
    public static OrleansTls? From(IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(Section);
        var enabled = section.GetValue<bool?>("Enabled") ?? (!environment.IsDevelopment() || section["Certificate"] is not null);
        if (!enabled)
        {
            return null;
        }

        var certificatePath = RequireFile(section, "Certificate");
        var keyPath = RequireFile(section, "Key");
        var authorityPath = RequireFile(section, "Authority");

        X509Certificate2 certificate;
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            // Exported and loaded again: a key made from PEM is ephemeral, which TLS on some platforms refuses.
            certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException exception)
        {
            throw new StartupRefusedException(
                $"{Section}:Certificate ({certificatePath}) and {Section}:Key ({keyPath}) are not a PEM certificate and its private key: {exception.Message}");
        }

        var authority = PrivateAuthority.Load(authorityPath, $"{Section}:Authority");
        return authority.Trusts(certificate, out var why, Usages)
            ? new OrleansTls(certificate, authority)
            : throw new StartupRefusedException(
                $"{Section}:Certificate ({certificatePath}) is not one the cluster accepts ({why}): issue it from the authority in {Section}:Authority.");
    }

    public void Configure(TlsOptions options)
    {
        options.LocalCertificate = _certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (certificate, _, _) => _authority.Trusts(certificate, out _, Usages);
    }

    private static string RequireFile(IConfigurationSection section, string key)
    {
        var path = section[key];
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new StartupRefusedException(
                $"{Section}:{key} is required: the cluster's Orleans connections use mutual TLS outside Development. Set " +
                $"{Section}:Certificate, {Section}:Key and {Section}:Authority to PEM files (scripts/make-cluster-certificates.sh makes a set; " +
                $"in Kubernetes the Secret sessionops-orleans-tls), or {Section}:Enabled=false where the network itself is trusted.");
        }

        return File.Exists(path)
            ? path
            : throw new StartupRefusedException($"{Section}:{key} names {path}, which does not exist or cannot be read.");
    }
}
