using StackExchange.Redis;

namespace SessionOps.Hosting;

/// <summary>
/// Asks Redis once before Orleans starts on it, so that a missing or wrong password, or an address with no Redis
/// behind it, stops the process with the key to fix instead of a provider's stack trace or a silo that never joins.
/// </summary>
public static class RedisPreflight
{
    public const string Key = "ConnectionStrings:Redis";

    public static void Check(string configuration)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException exception)
        {
            throw new StartupRefusedException($"{Key} is not a StackExchange.Redis configuration string ({exception.Message}).");
        }

        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5000;
        options.ConnectRetry = 3;
        var where = string.Join(", ", options.EndPoints);
        try
        {
            using var connection = ConnectionMultiplexer.Connect(options);
            connection.GetDatabase().Ping();
        }
        catch (Exception exception) when (IsAuthentication(exception))
        {
            throw new StartupRefusedException(string.IsNullOrEmpty(options.Password)
                ? $"Redis at {where} asks for a password and {Key} gives none: add ',password=<the password>' to {Key} " +
                  "(in Kubernetes the Secret's redis-connection)."
                : $"Redis at {where} refused the password in {Key}: set the password Redis expects there " +
                  "(in Kubernetes the Secret's redis-connection, the same value as its redis-password).");
        }
        catch (RedisConnectionException exception)
        {
            throw new StartupRefusedException(
                $"No Redis answered at {where}, the address in {Key} ({exception.FailureType}): start Redis there or correct {Key}" +
                (options.Ssl ? "; with ssl=true the server's certificate must be trusted by this machine (SSL_CERT_FILE)." : "."));
        }
    }

    private static bool IsAuthentication(Exception exception) => exception switch
    {
        RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure } => true,
        RedisServerException server => server.Message.StartsWith("NOAUTH", StringComparison.Ordinal)
            || server.Message.StartsWith("WRONGPASS", StringComparison.Ordinal),
        _ => exception.InnerException is { } inner && IsAuthentication(inner),
    };
}
