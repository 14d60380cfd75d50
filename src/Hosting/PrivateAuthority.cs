using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SessionOps.Hosting;

/// <summary>
/// A certificate authority of the operator's own, from a PEM file: a certificate is trusted when it chains to it, whatever
/// the machine's own store says. The Orleans connections' peers (<c>Orleans:Tls:Authority</c>) and a Redis on TLS whose
/// certificate no public authority signed (<c>Redis:Authority</c>) are checked this way.
/// </summary>
public sealed class PrivateAuthority
{
    private readonly X509Certificate2Collection _roots;

    private PrivateAuthority(X509Certificate2Collection roots) => _roots = roots;

    /// <summary>Loads the authority named by the configuration key <paramref name="key"/>, refusing the start when it cannot.</summary>
    public static PrivateAuthority Load(string path, string key)
    {
        if (!File.Exists(path))
        {
            throw new StartupRefusedException($"{key} names {path}, which does not exist or cannot be read.");
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (CryptographicException exception)
        {
            throw new StartupRefusedException($"{key} ({path}) is not a PEM certificate: {exception.Message}");
        }

        return roots.Count == 0 ? throw new StartupRefusedException($"{key} ({path}) holds no certificate.") : new PrivateAuthority(roots);
    }

    public static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    public static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>Whether <paramref name="certificate"/> chains to the authority and may be used for each of <paramref name="usages"/>.</summary>
    public bool Trusts(X509Certificate2 certificate, out string why, params Oid[] usages)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        // A stranger's certificate must not make this process fetch whatever its issuer URL names.
        chain.ChainPolicy.DisableCertificateDownloads = true;
        foreach (var usage in usages)
        {
            chain.ChainPolicy.ApplicationPolicy.Add(usage);
        }

        // An operator's own authority publishes no revocation lists; a member is removed by replacing the authority.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain.Build(certificate))
        {
            why = "";
            return true;
        }

        why = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct());
        return false;
    }
}
