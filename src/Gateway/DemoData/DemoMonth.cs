using SessionOps.Sessions;

namespace SessionOps.Gateway.DemoData;

/// <summary>How a sitting of the demo month was disrupted (hoãn, lùi, hủy), with the reason the Office would give.</summary>
public sealed record DemoDisruption(SessionPhase? Phase, TimeSpan? MovedBy, string Reason);

public sealed record DemoSitting(string Id, SessionSpec Spec, DemoDisruption? Disruption = null);

/// <summary>
/// A month like the Office's (seed 004: 218 meetings in one month): on each working day about ten meetings — the
/// plenary sittings of a kỳ họp held in two rounds (đợt), Standing Committee sittings of half a day to three days in
/// phòng họp Tân Trào between the rounds, the committees' meetings, online conferences with the provinces' points,
/// forums — some postponed, moved or cancelled with their reasons, and one room booked twice by mistake so that the
/// calendar has a conflict to show. Today and tomorrow always hold <see cref="DemoDataSet.SessionsOn"/>'s day to run.
/// </summary>
public static class DemoMonth
{
    public const int PlenaryNumber = 2;

    /// <summary>The committees' rooms; the conferences have halls of their own.</summary>
    private static readonly string[] Rooms = ["phong-hop-1-nha-quoc-hoi", "phong-hop-2-nha-quoc-hoi", "phong-hop-22-hung-vuong", "phong-hop-35-ngo-quyen"];

    private static readonly string[] Committees =
    [
        "Hội đồng Dân tộc", "Ủy ban Pháp luật và Tư pháp", "Ủy ban Kinh tế và Tài chính", "Ủy ban Văn hóa và Xã hội",
        "Ủy ban Khoa học, Công nghệ và Môi trường", "Ủy ban Quốc phòng, An ninh và Đối ngoại", "Ban Công tác đại biểu",
        "Ban Dân nguyện và Giám sát",
    ];

    private static readonly string[] CommitteeTopics =
    [
        "thẩm tra dự án luật", "cho ý kiến về báo cáo giám sát", "chuẩn bị nội dung trình Ủy ban Thường vụ Quốc hội",
        "xem xét kiến nghị của cử tri", "rà soát chương trình công tác tháng", "làm việc với các bộ, ngành",
    ];

    private static readonly string[] Conferences =
    [
        "Hội nghị trực tuyến triển khai Chương trình giám sát năm sau", "Hội nghị trực tuyến tập huấn kỹ năng cho đại biểu dân cử",
        "Hội nghị trực tuyến lấy ý kiến về dự án luật", "Hội nghị trực tuyến tổng kết công tác tiếp công dân",
    ];

    private static readonly string[] Forums =
    [
        "Diễn đàn Kinh tế - Xã hội Việt Nam", "Tọa đàm chuyên đề về chuyển đổi số trong hoạt động của Quốc hội",
        "Hội thảo khoa học về hoàn thiện thể chế", "Diễn đàn đại biểu dân cử trẻ",
    ];

    private static readonly string[] PostponedReasons =
    [
        "Hoãn do điều chỉnh chương trình làm việc của Ủy ban Thường vụ Quốc hội",
        "Hoãn để cơ quan soạn thảo bổ sung tài liệu, tài liệu chưa gửi kịp đại biểu",
    ];

    private static readonly string[] MovedReasons =
    [
        "Lùi giờ để trùng lịch tiếp khách quốc tế của lãnh đạo Quốc hội",
        "Lùi giờ do phòng họp cần kiểm tra lại hệ thống âm thanh",
    ];

    private const string CancelledReason = "Hủy: nội dung đã được xử lý tại phiên họp trước";

    /// <summary>The month of <paramref name="today"/>: every sitting, by id, in date order.</summary>
    public static IReadOnlyList<DemoSitting> Of(DateOnly today)
    {
        var first = new DateOnly(today.Year, today.Month, 1);
        var days = Enumerable.Range(0, DateTime.DaysInMonth(first.Year, first.Month)).Select(first.AddDays).ToArray();
        var working = days.Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToArray();
        var toRun = new HashSet<DateOnly> { today, today.AddDays(1) };

        // The kỳ họp: round 1 on the first seven working days, round 2 on the last eight; the Standing Committee between.
        PlenaryRef? PlenaryOf(DateOnly day)
        {
            var index = Array.IndexOf(working, day);
            return index < 0 ? null : index < 7 ? new PlenaryRef(PlenaryNumber, 1) : index >= working.Length - 8 ? new PlenaryRef(PlenaryNumber, 2) : null;
        }

        var sittings = new List<DemoSitting>();
        foreach (var day in toRun)
        {
            sittings.AddRange(DemoDataSet.SessionsOn(day, PlenaryOf(day)).Select(s => new DemoSitting(s.Id, s.Spec)));
        }

        var committee = DemoDataSet.StandingCommittee();
        var random = new Random(first.Year * 100 + first.Month);
        var committeeSitting = 0;
        for (var w = 0; w < working.Length; w++)
        {
            var day = working[w];
            if (toRun.Contains(day))
            {
                sittings.AddRange(Meetings(day, random));
                continue;
            }

            var plenary = PlenaryOf(day);
            if (plenary is not null)
            {
                sittings.Add(new DemoSitting(DemoDataSet.Plenary(day, plenary).Id, DemoDataSet.Plenary(day, plenary).Spec));
                sittings.Add(new DemoSitting($"ky-hop-{day:yyyyMMdd}-chieu", new SessionSpec(
                    "Kỳ họp: phiên họp toàn thể buổi chiều, thảo luận tại hội trường",
                    SessionKind.Plenary, SessionFormat.InPerson, DemoDataSet.HallId,
                    ParliamentTime.At(day, 14, 0), ParliamentTime.At(day, 17, 0), [], [.. DemoDataSet.Delegates().Select(d => d.Id)], null,
                    PlenarySession: plenary)));
            }
            else if (!sittings.Any(s => s.Spec.Kind == SessionKind.StandingCommittee &&
                                        s.Spec.ScheduledStart < ParliamentTime.At(day.AddDays(1), 0, 0) && s.Spec.ScheduledEnd > ParliamentTime.At(day, 0, 0)))
            {
                // A Standing Committee sitting of half a day to three working days, never into the days to run.
                var length = 1 + random.Next(3);
                var last = day;
                // Working days in a row, never across a weekend.
                for (var n = 1; n < length && w + n < working.Length && working[w + n] == day.AddDays(n) &&
                                PlenaryOf(working[w + n]) is null && !toRun.Contains(working[w + n]); n++)
                {
                    last = working[w + n];
                }

                var halfDay = length == 1 && random.Next(2) == 0;
                committeeSitting++;
                sittings.Add(new DemoSitting($"ubtvqh-phien-{day:yyyyMMdd}", new SessionSpec(
                    $"Phiên họp thứ {committeeSitting + 10} của Ủy ban Thường vụ Quốc hội",
                    SessionKind.StandingCommittee, SessionFormat.InPerson, DemoDataSet.MeetingRoomId,
                    ParliamentTime.At(day, 8, 0), halfDay ? ParliamentTime.At(day, 11, 30) : ParliamentTime.At(last, 17, 0), [], committee, null)));
            }

            sittings.AddRange(Meetings(day, random));
        }

        // A room booked twice by mistake, for the calendar to flag.
        if (working.Where(d => !toRun.Contains(d)).Skip(9).FirstOrDefault() is { DayNumber: > 0 } doubled &&
            sittings.FirstOrDefault(s => s.Id == $"hop-{doubled:yyyyMMdd}-01") is { } booked)
        {
            sittings.Add(new DemoSitting($"hop-{doubled:yyyyMMdd}-dat-trung", booked.Spec with
            {
                Title = "Cuộc họp Tổ biên tập dự án luật (đặt trùng phòng)",
                ScheduledStart = booked.Spec.ScheduledStart.AddMinutes(30),
                ScheduledEnd = booked.Spec.ScheduledEnd.AddMinutes(30),
            }));
        }

        Disrupt(sittings, toRun);
        return [.. sittings.OrderBy(s => s.Spec.ScheduledStart).ThenBy(s => s.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The day's other meetings: the committees' in the Office's rooms (one room, one meeting at a time), online
    /// conferences with disjoint sets of provincial points in the afternoon (the morning's plenary holds every point),
    /// a forum some days.
    /// </summary>
    private static IEnumerable<DemoSitting> Meetings(DateOnly day, Random random)
    {
        var stamp = day.ToString("yyyyMMdd");
        var slots = new[] { (8, 30, 11, 0), (14, 0, 16, 30) };
        var n = 0;
        // Committee meetings: four rooms, two slots, five to seven meetings.
        var meetings = 5 + random.Next(3);
        for (var i = 0; i < meetings; i++)
        {
            var (h1, m1, h2, m2) = slots[i % 2];
            var room = Rooms[(i / 2 + day.Day) % Rooms.Length];
            var who = Committees[random.Next(Committees.Length)];
            yield return new DemoSitting($"hop-{stamp}-{++n:00}", new SessionSpec(
                $"Cuộc họp Thường trực {who}: {CommitteeTopics[random.Next(CommitteeTopics.Length)]}",
                SessionKind.Other, SessionFormat.InPerson, room, ParliamentTime.At(day, h1, m1), ParliamentTime.At(day, h2, m2), [], [], null));
        }

        // One or two online conferences with the provinces in the afternoon, each with its own points.
        var provinces = DemoDataSet.Provinces.Select(p => DemoDataSet.DelegationPointId(p.Slug)).OrderBy(_ => random.Next()).ToArray();
        var conferences = 1 + random.Next(2);
        for (var c = 0; c < conferences; c++)
        {
            var points = provinces.Skip(c * 12).Take(8 + random.Next(5)).ToArray();
            yield return new DemoSitting($"hoi-nghi-{stamp}-{c + 1}", new SessionSpec(
                Conferences[random.Next(Conferences.Length)], SessionKind.Conference, SessionFormat.Hybrid,
                c == 0 ? "hoi-truong-37-hung-vuong" : "phong-hop-3-nha-quoc-hoi",
                ParliamentTime.At(day, 13, 30 + c * 15), ParliamentTime.At(day, 15, 0 + c * 15), points, [], null));
        }

        if (random.Next(3) == 0)
        {
            yield return new DemoSitting($"dien-dan-{stamp}", new SessionSpec(
                Forums[random.Next(Forums.Length)], SessionKind.Other, SessionFormat.InPerson, "trung-tam-hoi-nghi-quoc-gia",
                ParliamentTime.At(day, 8, 30), ParliamentTime.At(day, 16, 30), [], [], null));
        }
    }

    /// <summary>Some meetings postponed, moved by an hour or cancelled, each with its reason; the days to run stay as they are.</summary>
    private static void Disrupt(List<DemoSitting> sittings, HashSet<DateOnly> toRun)
    {
        var candidates = sittings
            .Select((s, i) => (s, i))
            .Where(x => x.s.Spec.Kind is SessionKind.Other or SessionKind.Conference && !x.s.Id.EndsWith("dat-trung", StringComparison.Ordinal) &&
                        !toRun.Contains(ParliamentTime.DayOf(x.s.Spec.ScheduledStart)))
            .ToArray();
        for (var k = 0; k < candidates.Length; k++)
        {
            var (sitting, index) = candidates[k];
            DemoDisruption? disruption = (k % 29) switch
            {
                5 => new(SessionPhase.Postponed, null, PostponedReasons[k % PostponedReasons.Length]),
                13 => new(null, TimeSpan.FromHours(1), MovedReasons[k % MovedReasons.Length]),
                21 => new(SessionPhase.Cancelled, null, CancelledReason),
                _ => null,
            };
            if (disruption is not null)
            {
                sittings[index] = sitting with { Disruption = disruption };
            }
        }
    }
}
