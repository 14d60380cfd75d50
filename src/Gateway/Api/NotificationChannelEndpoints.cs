using SessionOps.Catalogs;
using SessionOps.Gateway.Auth;
using SessionOps.Incidents;
using SessionOps.Notifications;

namespace SessionOps.Gateway.Api;

public sealed record NotificationChannelBody(
    string? Kind, string? Target, string? Secret, string? MinSeverity, string[]? Events, string[]? Provinces);

/// <summary>A channel as the API shows it: never its secret, only whether it has one; how its deliveries went.</summary>
public sealed record NotificationChannelView(
    string Id,
    ChannelKind Kind,
    string Target,
    bool HasSecret,
    IncidentSeverity MinSeverity,
    NotificationEvent[] Events,
    string[]? Provinces,
    NotificationChannelStatusView Status,
    DateTimeOffset UpdatedAt,
    string UpdatedBy)
{
    public static NotificationChannelView Of(NotificationChannel channel, int pending) => new(
        channel.Id, channel.Spec.Kind, channel.Spec.Target, channel.Spec.Secret is not null, channel.Spec.MinSeverity, channel.Spec.Events,
        channel.Spec.Provinces, NotificationChannelStatusView.Of(channel.Status, pending), channel.UpdatedAt, channel.UpdatedBy);
}

public sealed record NotificationChannelStatusView(
    bool Failing, DateTimeOffset? LastDeliveredAt, DateTimeOffset? LastFailedAt, string? LastFailure, int Delivered, int Failed, int Abandoned, int Pending)
{
    public static NotificationChannelStatusView Of(ChannelStatus status, int pending) => new(
        status.Failing, status.LastDeliveredAt, status.LastFailedAt, status.LastFailure, status.Delivered, status.Failed, status.Abandoned, pending);
}

public sealed record NotificationTestQueued(string ChannelId, string Message);

/// <summary><c>/api/notification-channels</c>: where incidents, escalations, readiness and phases are told (admin only).</summary>
public static class NotificationChannelEndpoints
{
    /// <summary>Long enough that it cannot be guessed from the signatures it makes.</summary>
    public const int MinSecretLength = 16;

    private static readonly NotificationEvent[] Subscribable = [.. Enum.GetValues<NotificationEvent>().Where(e => e != NotificationEvent.Test)];

    public static void MapNotificationChannels(this IEndpointRouteBuilder api)
    {
        var channels = api.MapGroup("/notification-channels").RequireAuthorization(Policies.SetUp);

        channels.MapPut("/{id}", async (string id, NotificationChannelBody body, HttpContext http, IGrainFactory grains, AuditTrail audit) =>
        {
            var grain = grains.GetGrain<INotificationChannelGrain>(id);
            var check = new Validator();
            check.Id(id, "id");
            var existing = check.HasErrors ? null : await grain.Get();
            var spec = Validate(body, existing, check);
            if (check.HasErrors)
            {
                return check.Problem();
            }

            await audit.Record(http.User, "notification-channel-defined", "notificationChannel", id, $"{EnumText.Camel(spec.Kind)} {spec.Target}");
            var result = await grain.Define(spec, http.User.ToActor());
            return result.IsOk ? Results.Ok(await View(grains, (await grain.Get())!)) : result.ToProblem();
        }).Produces<NotificationChannelView>().ProducesValidationProblem();

        channels.MapGet("/", async (IGrainFactory grains) =>
        {
            var ids = await grains.GetGrain<ICatalogGrain>(Catalog.NotificationChannels).List();
            var all = await Task.WhenAll(ids.Order(StringComparer.Ordinal).Select(id => grains.GetGrain<INotificationChannelGrain>(id).Get()));
            return Results.Ok(await Task.WhenAll(all.OfType<NotificationChannel>().Select(channel => View(grains, channel))));
        }).Produces<NotificationChannelView[]>();

        channels.MapGet("/{id}", async (string id, IGrainFactory grains) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            return await grains.GetGrain<INotificationChannelGrain>(id).Get() is { } channel
                ? Results.Ok(await View(grains, channel))
                : CommandResultExtensions.NotFound("notification channel", id);
        }).Produces<NotificationChannelView>().ProducesProblem(StatusCodes.Status404NotFound);

        channels.MapDelete("/{id}", async (string id, HttpContext http, IGrainFactory grains, AuditTrail audit) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            var grain = grains.GetGrain<INotificationChannelGrain>(id);
            if (await grain.Get() is null)
            {
                return CommandResultExtensions.NotFound("notification channel", id);
            }

            await audit.Record(http.User, "notification-channel-deleted", "notificationChannel", id);
            var result = await grain.Delete();
            return result.IsOk ? Results.NoContent() : result.ToProblem();
        }).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        channels.MapPost("/{id}/test", async (string id, HttpContext http, IGrainFactory grains) =>
        {
            if (CommandResultExtensions.InvalidRouteId(id) is { } invalid)
            {
                return invalid;
            }

            var result = await grains.GetGrain<INotificationOutboxGrain>(INotificationOutboxGrain.Key).SendTest(id, http.User.ToActor());
            return result.IsOk
                ? Results.Accepted($"/api/notification-channels/{id}", new NotificationTestQueued(id,
                    "A test message is on its way; the channel's status shows whether it arrived."))
                : result.ToProblem();
        }).Produces<NotificationTestQueued>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<NotificationChannelView> View(IGrainFactory grains, NotificationChannel channel) =>
        NotificationChannelView.Of(channel, await grains.GetGrain<INotificationOutboxGrain>(INotificationOutboxGrain.Key).Pending(channel.Id));

    /// <summary>
    /// The whole channel, as a PUT gives it; a webhook whose secret is left out keeps the one it has (the API never
    /// shows it, so a form cannot send it back).
    /// </summary>
    private static ChannelSpec Validate(NotificationChannelBody body, NotificationChannel? existing, Validator check)
    {
        var kind = check.Enum<ChannelKind>(body.Kind, "kind");
        var target = body.Target?.Trim();
        string? secret = null;
        if (check.Has("kind"))
        {
            // Without a kind the target cannot be judged.
        }
        else if (kind == ChannelKind.Webhook)
        {
            if (string.IsNullOrEmpty(target) || target.Length > 2000 ||
                !Uri.TryCreate(target, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.UserInfo))
            {
                check.Add("target", "A webhook's target is an http(s) address, such as https://ops.example.vn/hooks/sessionops.");
            }

            secret = body.Secret ?? (existing?.Spec.Kind == ChannelKind.Webhook ? existing.Spec.Secret : null);
            if (secret is null)
            {
                check.Add("secret", $"A webhook needs a secret of {MinSecretLength} characters or more: its body is signed with it.");
            }
            else if (secret.Length < MinSecretLength || secret.Length > 200 || string.IsNullOrWhiteSpace(secret))
            {
                check.Add("secret", $"The secret must be {MinSecretLength} to 200 characters long.");
            }
        }
        else
        {
            if (string.IsNullOrEmpty(target))
            {
                check.Add("target", "An e-mail channel's target is an address, such as kythuat@quochoi.vn.");
            }
            else if (check.Email(target, "target") is { } address && !check.Has("target") && !MimeKit.MailboxAddress.TryParse(address, out _))
            {
                check.Add("target", $"'{address}' is not an e-mail address, such as kythuat@quochoi.vn.");
            }
            else
            {
                target = target.Trim();
            }

            if (body.Secret is not null)
            {
                check.Add("secret", "An e-mail channel takes no secret.");
            }
        }

        var minSeverity = body.MinSeverity is null ? IncidentSeverity.Minor : check.Enum<IncidentSeverity>(body.MinSeverity, "minSeverity");
        var events = new List<NotificationEvent>();
        if (body.Events is not { Length: > 0 })
        {
            check.Add("events", $"events lists what the channel is told of: one or more of {string.Join(", ", Subscribable.Select(EnumText.Camel))}.");
        }
        else
        {
            for (var i = 0; i < body.Events.Length; i++)
            {
                var named = Subscribable.FirstOrDefault(e => EnumText.Camel(e) == body.Events[i]);
                if (!Subscribable.Any(e => EnumText.Camel(e) == body.Events[i]))
                {
                    check.Add($"events[{i}]", $"'{body.Events[i]}' is not an event: use {string.Join(", ", Subscribable.Select(EnumText.Camel))}.");
                }
                else if (!events.Contains(named))
                {
                    events.Add(named);
                }
            }
        }

        string[]? provinces = null;
        if (body.Provinces is { Length: > 0 })
        {
            for (var i = 0; i < body.Provinces.Length; i++)
            {
                check.Text(body.Provinces[i], $"provinces[{i}]", maxLength: 100);
            }

            provinces = [.. body.Provinces.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
        }

        return new ChannelSpec(kind, target ?? "", secret, minSeverity, [.. events.Order()], provinces);
    }
}
