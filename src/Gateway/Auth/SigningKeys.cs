using System.Text;
using Microsoft.IdentityModel.Tokens;
using SessionOps.Hosting;

namespace SessionOps.Gateway.Auth;

/// <summary>The HS256 key of the API's own tokens, and the rules that keep a weak or published key out of production.</summary>
public static class SigningKeys
{
    public const int MinimumBytes = 32;

    /// <summary>Used only in the Development environment when no key is configured, so that every process on one machine agrees.</summary>
    public const string DevelopmentKey = "sessionops-development-signing-key-never-use-in-production";

    /// <summary>Every key that has ever been written in the repository: public, so never good outside Development.</summary>
    public static readonly string[] Published =
    [
        DevelopmentKey,
        "EXAMPLE-ONLY-replace-me-with-a-random-key-of-32-characters-or-more",
        "sessionops-test-signing-key-0123456789abcdef",
    ];

    public const string HowToMakeOne =
        "Make a key with `openssl rand -base64 48` and give it to every Gateway as Auth__SigningKey (a Kubernetes Secret: see docs/kubernetes.md).";

    public static SymmetricSecurityKey? Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var key = configuration["Auth:SigningKey"];
        if (string.IsNullOrWhiteSpace(key))
        {
            if (environment.IsDevelopment())
            {
                return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(DevelopmentKey));
            }

            if (string.IsNullOrWhiteSpace(configuration["Auth:Authority"]))
            {
                throw new StartupRefusedException($"Auth:SigningKey is not set. {HowToMakeOne}");
            }

            return null;
        }

        if (Encoding.UTF8.GetByteCount(key) < MinimumBytes)
        {
            throw new StartupRefusedException($"Auth:SigningKey is shorter than {MinimumBytes} bytes. {HowToMakeOne}");
        }

        if (!environment.IsDevelopment() && Published.Contains(key.Trim(), StringComparer.Ordinal))
        {
            throw new StartupRefusedException(
                $"Auth:SigningKey is a key published in the SessionOps repository, known to anyone. {HowToMakeOne}");
        }

        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key));
    }
}
