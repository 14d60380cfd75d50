using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using SessionOps.ConnectionPoints;
using SessionOps.Hosting.Sqlite;
using SessionOps.Push;
using SessionOps.Readiness;
using Microsoft.Extensions.Options;
using SessionOps.Notifications;
using StackExchange.Redis;

namespace SessionOps.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// The embedded mode: one silo on localhost clustering, grain state and reminders in a SQLite file
    /// (<c>Storage:SqlitePath</c>).
    /// </summary>
    public static ISiloBuilder UseSessionOpsEmbedded(this ISiloBuilder silo, IConfiguration configuration)
    {
        var settings = OrleansSettings.From(configuration);
        silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);

        return silo.UseSessionOpsSqlite(configuration["Storage:SqlitePath"] ?? Path.Combine("data", "sessionops.db"));
    }

    /// <summary>Grain state and reminders in the SQLite file at <paramref name="path"/>, created if missing.</summary>
    public static ISiloBuilder UseSessionOpsSqlite(this ISiloBuilder silo, string path)
    {
        // Made by the container, so that the container disposes it: the writer finishes its queue before the silo is gone.
        silo.Services.AddSingleton(_ => new SqliteDatabase(path));
        silo.Services.AddGrainStorage(StorageNames.Main, (services, _) => ActivatorUtilities.CreateInstance<SqliteGrainStorage>(services));
        silo.Services.AddReminders();
        silo.Services.AddSingleton<IReminderTable, SqliteReminderTable>();
        silo.Services.AddSingleton<SessionOps.Journals.IEventJournal, SqliteEventJournal>();
        return silo.UseSessionOpsDefaults(embedded: true);
    }

    /// <summary>
    /// A silo of the cluster: membership, grain state and reminders in Redis (<c>ConnectionStrings:Redis</c>),
    /// through Microsoft's Orleans Redis providers; its connections over mutual TLS (<c>Orleans:Tls:*</c>).
    /// Refuses the start (<see cref="StartupRefusedException"/>) when Redis refuses it or a certificate is missing.
    /// </summary>
    public static ISiloBuilder UseSessionOpsCluster(this ISiloBuilder silo, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = OrleansSettings.From(configuration);
        var tls = OrleansTls.From(configuration, environment);
        RedisPreflight.Check(settings.RedisOptions(), settings.RedisWaitAtStart);
        if (tls is not null)
        {
            silo.UseTls(tls.Configure);
        }

        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = settings.ClusterId;
            options.ServiceId = settings.ServiceId;
        });
        silo.ConfigureEndpoints(settings.AdvertisedIP, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
        silo.UseRedisClustering(options => options.ConfigurationOptions = settings.RedisOptions());
        silo.AddRedisGrainStorage(StorageNames.Main, options => options.ConfigurationOptions = settings.RedisOptions());
        silo.UseRedisReminderService(options => options.ConfigurationOptions = settings.RedisOptions());
        silo.Services.AddSingleton<SessionOps.Journals.IEventJournal>(_ => new RedisEventJournal(settings.RedisOptions(), settings.ServiceId));
        silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = settings.ResponseTimeout);
        // A dead silo declared dead in 2-3 s rather than Orleans' 5-15 s: probes every ~1 s (the probe timeout adapts
        // between 1 and 8 s to measured round trips and this silo's own health, so a loaded silo is not voted out for
        // being slow), a vote after three missed probes, the third of them through another silo. Measured in
        // docs/benchmarks.md (failover); an operator may still choose otherwise under Orleans:Membership.
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(2);
            options.NumMissedProbesLimit = 3;
            options.NumVotesForDeathDeclaration = 2;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(10);
            options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        });
        silo.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:Membership"));
        return silo.UseSessionOpsDefaults(embedded: false);
    }

    private static ISiloBuilder UseSessionOpsDefaults(this ISiloBuilder silo, bool embedded)
    {
        if (TelemetryExtensions.TracesExported(silo.Configuration))
        {
            // Grain call filters that carry the trace: measured at a fifth of the batch route's time even with
            // nothing listening, so only where traces are exported.
            silo.AddActivityPropagation();
        }

        if (OrleansDashboard.Enabled(silo.Configuration, embedded))
        {
            // Silos, activations, reminders and counters for the cluster's operators, read by the Gateways' /dashboard.
            silo.AddDashboard(options => OrleansDashboard.Configure(options, silo.Configuration));
            OrleansDashboard.LeaveOutProfilerUnlessAsked(silo.Services, silo.Configuration);
        }

        // Orleans sizes its directory cache for a million grains up front (about 19 MB of empty buckets, measured
        // with a heap dump); a whole parliament is tens of thousands (10,000 points, delegates, sittings).
        silo.Configure<GrainDirectoryOptions>(options => options.CacheSize = 100_000);
        silo.Configure<GrainDirectoryOptions>(silo.Configuration.GetSection("Orleans:GrainDirectory"));

        silo.Services.AddOptions<HealthOptions>().BindConfiguration("Health")
            .Validate(o => o.WakeFleetEvery >= TimeSpan.FromMinutes(1), "Health:WakeFleetEvery must be a minute or more: reminders tick no faster.")
            .ValidateOnStart();
        silo.Services.AddOptions<PushOptions>().BindConfiguration("Push");
        silo.Services.AddOptions<ReadinessOptions>().BindConfiguration("Readiness");
        silo.Services.AddOptions<SessionOps.Security.SecurityOptions>().BindConfiguration("Security");
        silo.Services.AddSingleton<IPostConfigureOptions<ReadinessOptions>, ReadinessDefaults>();
        silo.Services.AddSingleton<PushTargets>();
        silo.Services.AddOptions<NotificationOptions>().BindConfiguration("Notifications")
            .Validate(o => o.EscalateAfter > TimeSpan.Zero, "Notifications:EscalateAfter must be a positive time, such as 00:05:00.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Notifications:PollInterval must be a positive time, such as 00:00:01.")
            .Validate(o => o.FirstRetryAfter > TimeSpan.Zero && o.FirstRetryAfter <= TimeSpan.FromHours(1),
                "Notifications:FirstRetryAfter must be between zero and an hour.")
            .Validate(o => o.MaxRetryInterval >= o.FirstRetryAfter, "Notifications:MaxRetryInterval must not be shorter than FirstRetryAfter.")
            .Validate(o => o.GiveUpAfter >= TimeSpan.FromHours(1), "Notifications:GiveUpAfter must be an hour or more: receivers get at least an hour of retries.")
            .Validate(o => o.Parallelism is >= 1 and <= 64, "Notifications:Parallelism must be from 1 to 64.")
            .ValidateOnStart();
        silo.Services.AddOptions<SmtpOptions>().BindConfiguration("Notifications:Smtp");
        silo.Services.AddHttpClient(NotificationSender.HttpClientName, client =>
            {
                client.Timeout = TimeSpan.FromSeconds(20);
                client.DefaultRequestHeaders.UserAgent.ParseAdd("SessionOps-Notifications/1.1");
            })
            // A signed POST is not replayed to wherever a redirect points: the channel's target must be the receiver.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        silo.Services.AddSingleton<INotificationSender, NotificationSender>();
        silo.AddStartupTask<WakeConnectionPoints>();
        silo.Services.AddHostedService<RewatchAfterSiloLoss>();
        // Orleans' own binary format: compact, and tolerant of added fields through the [Id] attributes.
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        silo.Services.TryAddSingleton(TimeProvider.System);
        return silo;
    }
}
