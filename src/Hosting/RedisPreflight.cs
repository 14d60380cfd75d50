using StackExchange.Redis;

namespace SessionOps.Hosting;

/// <summary>
/// Asks Redis once before Orleans starts on it, so that a missing or wrong password, or an address with no Redis
/// behind it, stops the process with the key to fix instead of a provider's stack trace or a silo that never joins.
/// </summary>
public static class RedisPreflight
{
    public const string Key = "ConnectionStrings:Redis";

    /// <param name="options">A set of options of its own: this changes how it connects.</param>
    /// <param name="wait">
    /// How long an address with no Redis behind it is tried before the start is refused (<c>Redis:WaitAtStart</c>): a
    /// Redis restarting with the cluster must not send every silo and Gateway into a crash loop. A refused password or
    /// certificate is refused at once; waiting would not change it.
    /// </param>
    public static void Check(ConfigurationOptions options, TimeSpan wait)
    {
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5000;
        options.ConnectRetry = 1;
        var where = string.Join(", ", options.EndPoints);
        var giveUpAt = DateTime.UtcNow + wait;
        try
        {
            while (true)
            {
                try
                {
                    using var connection = ConnectionMultiplexer.Connect(options);
                    connection.GetDatabase().Ping();
                    return;
                }
                catch (Exception exception) when (Unreachable(exception) && DateTime.UtcNow < giveUpAt)
                {
                    Console.Error.WriteLine($"No Redis answers at {where} yet ({Key}); trying again until {giveUpAt:HH:mm:ss} UTC.");
                    Thread.Sleep(TimeSpan.FromSeconds(2));
                }
            }
        }
        catch (Exception exception) when (Find<System.Security.Authentication.AuthenticationException>(exception) is not null)
        {
            throw new StartupRefusedException(
                $"The TLS handshake with Redis at {where} ({Key}, ssl=true) failed: Redis does not serve TLS there, or its certificate " +
                "is not one this process accepts. Where an authority of your own issued it, set Redis:Authority to that authority's " +
                $"PEM file; the certificate must name the host in {Key} (or its sslHost).");
        }
        catch (Exception exception) when (IsAuthentication(exception))
        {
            throw new StartupRefusedException(string.IsNullOrEmpty(options.Password)
                ? $"Redis at {where} asks for a password and {Key} gives none: add ',password=<the password>' to {Key} " +
                  "(in Kubernetes the Secret's redis-connection)."
                : $"Redis at {where} refused the password in {Key}: set the password Redis expects there " +
                  "(in Kubernetes the Secret's redis-connection, the same value as its redis-password).");
        }
        catch (Exception exception) when (Unreachable(exception))
        {
            throw new StartupRefusedException(
                $"No Redis answered at {where}, the address in {Key} ({(exception as RedisConnectionException)?.FailureType.ToString() ?? exception.GetType().Name}), within {wait.TotalSeconds:0} s (Redis:WaitAtStart): start Redis there or correct {Key}" +
                (options.Ssl ? "; with ssl=true, Redis must serve TLS on that port." : "."));
        }
    }

    private static T? Find<T>(Exception? exception) where T : Exception => exception switch
    {
        null => null,
        T found => found,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(e => e is not null),
        _ => Find<T>(exception.InnerException),
    };

    private static bool Unreachable(Exception exception) =>
        exception is RedisTimeoutException or RedisConnectionException && !IsAuthentication(exception) &&
        Find<System.Security.Authentication.AuthenticationException>(exception) is null;

    private static bool IsAuthentication(Exception exception) => exception switch
    {
        RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure } => true,
        RedisServerException server => server.Message.StartsWith("NOAUTH", StringComparison.Ordinal)
            || server.Message.StartsWith("WRONGPASS", StringComparison.Ordinal),
        _ => exception.InnerException is { } inner && IsAuthentication(inner),
    };
}
