using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SessionOps.Gateway.Auth;

/// <summary>
/// The random secrets SessionOps hands out (session cookies, display URLs, agent keys) and the hashes it keeps of them
/// and of anything else it must not keep as it was typed.
/// </summary>
public static class Secrets
{
    /// <summary>The length of <see cref="New"/>: 32 random bytes in base64url.</summary>
    public const int Length = 43;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>SHA-256, lower-case hex.</summary>
    public static string Hash(string text) => Hash(Encoding.UTF8.GetBytes(text));

    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
