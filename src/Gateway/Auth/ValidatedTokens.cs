using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace SessionOps.Gateway.Auth;

/// <summary>
/// Bearer tokens this Gateway has validated, kept until they expire. A collector or script sends the same token with
/// every request; checking its signature and claims again each time cost a heartbeat a fifth of its time, measured from
/// outside. Nothing is lost by remembering: a token is not revocable before its expiry (only sessions and agent keys
/// are), a signing key changes with a restart, and a remembered token is never used past the expiry validation checked.
/// </summary>
public sealed class ValidatedTokens(TimeProvider clock)
{
    /// <summary>Enough for every client of a parliament; past it, expired entries are dropped and new ones not kept.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _tokens = new(StringComparer.Ordinal);

    /// <summary>A principal of its own for this request, when the token was validated before and has not expired.</summary>
    public ClaimsPrincipal? Find(string token)
    {
        if (!_tokens.TryGetValue(token, out var entry))
        {
            return null;
        }

        if (clock.GetUtcNow() >= entry.Expires)
        {
            _tokens.TryRemove(token, out _);
            return null;
        }

        // Each request its own copy: a principal is mutable, and requests run at once.
        return entry.Principal.Clone();
    }

    public void Remember(JsonWebToken token, ClaimsPrincipal principal)
    {
        // A token without an expiry (refused by validation today) is never kept.
        if (token.ValidTo == DateTime.MinValue)
        {
            return;
        }

        if (_tokens.Count >= Capacity)
        {
            var now = clock.GetUtcNow();
            foreach (var (key, entry) in _tokens)
            {
                if (now >= entry.Expires)
                {
                    _tokens.TryRemove(key, out _);
                }
            }

            if (_tokens.Count >= Capacity)
            {
                return;
            }
        }

        _tokens[token.EncodedToken] = new Entry(principal.Clone(), new DateTimeOffset(token.ValidTo, TimeSpan.Zero));
    }

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset Expires);
}
