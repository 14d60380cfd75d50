using System.Globalization;
using System.Text;
using SessionOps.Incidents;
using SessionOps.Sessions;

namespace SessionOps.Notifications;

/// <summary>What an e-mail says, in Vietnamese, with the page that tells more (and its English one click away).</summary>
public static class NotificationTexts
{
    private static readonly TimeZoneInfo Hanoi = ParliamentTime.Zone;

    public static string Subject(Notification notification) => "[SessionOps] " + notification.Event switch
    {
        _ when notification.Incident?.TargetName == NotifiedIncident.VenuePlaceholder =>
            $"Sự cố an ninh {Severity(notification)} tại một địa điểm ({Event(notification.Event)})",
        NotificationEvent.IncidentOpened when notification.PreviousSeverity is not null =>
            $"Sự cố chuyển thành {Severity(notification)}: {notification.Incident?.TargetName}",
        NotificationEvent.IncidentOpened => $"Sự cố {Severity(notification)}: {notification.Incident?.TargetName}",
        NotificationEvent.IncidentEscalated => $"Chưa ai tiếp nhận sự cố {Severity(notification)}: {notification.Incident?.TargetName}",
        NotificationEvent.IncidentResolved => $"Đã xử lý xong sự cố: {notification.Incident?.TargetName}",
        NotificationEvent.ReadinessNoGo => $"Chưa sẵn sàng khi đến hạn: {notification.Session?.Title}",
        NotificationEvent.PhaseChanged => $"{Phase(notification.Session!.Phase)}: {notification.Session.Title}",
        _ => "Thư thử kênh thông báo",
    };

    public static string Body(Notification notification, string? publicUrl)
    {
        var text = new StringBuilder();
        if (notification.Incident is { } incident)
        {
            text.AppendLine(notification.Event switch
            {
                NotificationEvent.IncidentEscalated => "Sự cố dưới đây chưa được ai tiếp nhận. Đề nghị tiếp nhận và xử lý ngay.",
                NotificationEvent.IncidentResolved => "Sự cố dưới đây đã được xử lý xong.",
                _ when notification.PreviousSeverity is not null => "Sự cố dưới đây đã chuyển sang mức nghiêm trọng hơn.",
                _ => "Có sự cố mới.",
            });
            text.AppendLine();
            text.AppendLine($"Mức độ: {Severity(notification)}");
            text.AppendLine($"Loại: {Kind(incident.Kind)}");
            text.AppendLine(incident.TargetName == NotifiedIncident.VenuePlaceholder
                ? "Đối tượng: một địa điểm (chi tiết chỉ có trên trang An ninh)"
                : $"Đối tượng: {incident.TargetName}{(incident.Province is { } p ? $" ({p})" : "")}");
            text.AppendLine($"Nội dung: {incident.Summary}");
            if (incident.AffectedDelegates > 0)
            {
                text.AppendLine($"Đại biểu bị ảnh hưởng: {incident.AffectedDelegates}");
            }

            text.AppendLine($"Phát sinh lúc: {Time(incident.OpenedAt)}");
            if (incident.ResolvedAt is { } resolved)
            {
                text.AppendLine($"Xử lý xong lúc: {Time(resolved)}");
            }
        }
        else if (notification.Event == NotificationEvent.Test)
        {
            text.AppendLine("Đây là thư thử: kênh thông báo này đã được thiết lập đúng và nhận được thông báo của SessionOps.");
        }

        if (notification.Session is { } session)
        {
            text.AppendLine();
            text.AppendLine($"Cuộc họp: {session.Title}");
            text.AppendLine($"Bắt đầu theo lịch: {Time(session.ScheduledStart)}");
            if (notification.Event == NotificationEvent.PhaseChanged)
            {
                text.AppendLine($"Trạng thái: {(session.PreviousPhase is { } before ? $"{Phase(before)} → " : "")}{Phase(session.Phase)}");
                if (session.Reason is { } reason)
                {
                    text.AppendLine($"Lý do: {reason}");
                }
            }

            if (notification.Event == NotificationEvent.ReadinessNoGo)
            {
                text.AppendLine($"Mức sẵn sàng: {session.ReadinessPercent} %, còn {session.Blocking} hạng mục chưa đạt.");
            }
        }

        text.AppendLine();
        text.AppendLine($"Thời điểm: {Time(notification.At)}");
        if (Link(notification, publicUrl) is { } link)
        {
            text.AppendLine($"Xem chi tiết: {link}");
            text.AppendLine($"English: {link}{(link.Contains('?') ? '&' : '?')}lang=en");
        }

        text.AppendLine();
        text.AppendLine($"Mã thông báo: {notification.Id}");
        return text.ToString();
    }

    /// <summary>The page that shows what the notification is about: the operator's or security's console of the sitting.</summary>
    public static string? Link(Notification notification, string? publicUrl)
    {
        if (string.IsNullOrWhiteSpace(publicUrl))
        {
            return null;
        }

        var root = publicUrl.TrimEnd('/');
        var sessionId = notification.Session?.Id ?? notification.Incident?.SessionId;
        if (sessionId is null)
        {
            return root + "/";
        }

        var console = notification.Incident?.Kind == IncidentKind.Security ? "security" : "operator";
        return $"{root}/{console}?session={Uri.EscapeDataString(sessionId)}";
    }

    private static string Event(NotificationEvent @event) => @event switch
    {
        NotificationEvent.IncidentEscalated => "chưa ai tiếp nhận",
        NotificationEvent.IncidentResolved => "đã xử lý xong",
        _ => "mới",
    };

    private static string Severity(Notification notification) => notification.Severity switch
    {
        IncidentSeverity.Critical => "nghiêm trọng",
        IncidentSeverity.Major => "quan trọng",
        _ => "thông thường",
    };

    private static string Kind(IncidentKind kind) => kind switch
    {
        IncidentKind.ConnectionPoint => "Điểm cầu",
        IncidentKind.Readiness => "Công tác chuẩn bị",
        _ => "An ninh",
    };

    public static string Phase(SessionPhase phase) => phase switch
    {
        SessionPhase.Scheduled => "Đã lên lịch",
        SessionPhase.Preparing => "Đang chuẩn bị",
        SessionPhase.Ready => "Sẵn sàng",
        SessionPhase.Live => "Đang họp",
        SessionPhase.Suspended => "Tạm dừng",
        SessionPhase.Adjourned => "Đã kết thúc phiên",
        SessionPhase.Closed => "Đã bế mạc",
        SessionPhase.Postponed => "Đã hoãn",
        _ => "Đã hủy",
    };

    private static string Time(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Hanoi).ToString("HH:mm:ss 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture);
}
