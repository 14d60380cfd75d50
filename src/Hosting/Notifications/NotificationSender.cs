using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SessionOps.Notifications;

/// <summary><c>Notifications:Smtp:*</c>: the mail server that e-mail channels go through.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? From { get; set; }

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>Upgrade the connection with STARTTLS (required when true); port 465 always speaks TLS from the start.</summary>
    public bool StartTls { get; set; } = true;
}

/// <summary>Sends over the channel's kind: a signed webhook POST, or an e-mail through SMTP.</summary>
public sealed class NotificationSender(
    IHttpClientFactory http, IOptions<SmtpOptions> smtp, IOptions<NotificationOptions> notifications) : INotificationSender
{
    public const string HttpClientName = "sessionops-webhooks";
    public const string SignatureHeader = "X-SessionOps-Signature";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public Task<DeliveryResult> Send(NotificationChannel channel, Notification notification, CancellationToken cancellationToken) =>
        channel.Spec.Kind == ChannelKind.Webhook
            ? Post(channel, notification, cancellationToken)
            : Mail(channel, notification, cancellationToken);

    /// <summary>The body a webhook receives, byte for byte what is signed.</summary>
    public static byte[] WebhookBody(Notification notification) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        id = notification.Id,
        @event = notification.Event,
        at = notification.At,
        severity = notification.Severity,
        previousSeverity = notification.PreviousSeverity,
        provinces = notification.Provinces,
        session = notification.Session,
        incident = notification.Incident,
    }, Json);

    /// <summary><c>sha256=</c> and the hex HMAC-SHA256 of the raw body, keyed with the channel's secret.</summary>
    public static string Signature(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private async Task<DeliveryResult> Post(NotificationChannel channel, Notification notification, CancellationToken cancellationToken)
    {
        var body = WebhookBody(notification);
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.Spec.Target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, Signature(body, channel.Spec.Secret ?? ""));
        request.Headers.Add("X-SessionOps-Event", JsonNamingPolicy.CamelCase.ConvertName(notification.Event.ToString()));
        request.Headers.Add("X-SessionOps-Delivery", notification.Id);
        try
        {
            // The status is all that counts: the receiver's body is never read.
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => DeliveryResult.Delivered,
                408 or 429 or >= 500 => DeliveryResult.Retry($"The receiver answered {status} {response.ReasonPhrase}."),
                >= 300 and < 400 => DeliveryResult.Refused($"The receiver redirects ({status}) to {response.Headers.Location}: set that address as the target."),
                _ => DeliveryResult.Refused($"The receiver refused it with {status} {response.ReasonPhrase}; no further attempts."),
            };
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            return DeliveryResult.Retry(exception is OperationCanceledException
                ? "The receiver did not answer in time."
                : $"The receiver could not be reached: {exception.Message}");
        }
    }

    private async Task<DeliveryResult> Mail(NotificationChannel channel, Notification notification, CancellationToken cancellationToken)
    {
        var settings = smtp.Value;
        if (string.IsNullOrWhiteSpace(settings.Host) || string.IsNullOrWhiteSpace(settings.From))
        {
            return DeliveryResult.Retry("No mail server is set up: Notifications:Smtp:Host and Notifications:Smtp:From are needed.");
        }

        if (!MailboxAddress.TryParse(settings.From, out var from))
        {
            return DeliveryResult.Retry($"Notifications:Smtp:From '{settings.From}' is not an address.");
        }

        if (!MailboxAddress.TryParse(channel.Spec.Target, out var to))
        {
            return DeliveryResult.Refused($"'{channel.Spec.Target}' is not an address a mail server takes.");
        }

        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(to);
        message.Subject = NotificationTexts.Subject(notification);
        // The same for every attempt: a mail system that got it already can drop the repeat.
        message.MessageId = $"{notification.Id}.{channel.Id}@sessionops";
        message.Headers.Add("X-SessionOps-Notification", notification.Id);
        message.Body = new TextPart("plain") { Text = NotificationTexts.Body(notification, notifications.Value.PublicUrl) };

        using var client = new SmtpClient();
        try
        {
            var security = settings.Port == 465 ? SecureSocketOptions.SslOnConnect
                : settings.StartTls ? SecureSocketOptions.StartTls
                : SecureSocketOptions.None;
            await client.ConnectAsync(settings.Host, settings.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.User))
            {
                await client.AuthenticateAsync(settings.User, settings.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
        }
        catch (SmtpCommandException refused) when ((int)refused.StatusCode >= 500 && refused.ErrorCode == SmtpErrorCode.RecipientNotAccepted)
        {
            return DeliveryResult.Refused($"The mail server refused {channel.Spec.Target}: {(int)refused.StatusCode} {refused.Message}");
        }
        catch (Exception exception) when (exception is SmtpCommandException or SmtpProtocolException or IOException or
                                              System.Net.Sockets.SocketException or AuthenticationException or SslHandshakeException or
                                              OperationCanceledException or ServiceNotConnectedException)
        {
            return DeliveryResult.Retry($"The mail server did not take it: {exception.Message}");
        }

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or SmtpProtocolException or OperationCanceledException)
        {
            // The server took the message; how the conversation ended does not change that.
        }

        return DeliveryResult.Delivered;
    }
}
