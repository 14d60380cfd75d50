using System.Text;
using SessionOps.Tests.Infrastructure;
using static SessionOps.Tests.Api.SetUpApi;

namespace SessionOps.Tests.Api;

/// <summary>
/// Sittings imported from a calendar export (<c>POST /api/sessions/import</c>, text/calendar) as Outlook and Google write
/// them: Windows and IANA time zones, UIDs that are no ids, the hall named in LOCATION; the same file twice changes nothing.
/// </summary>
public sealed class CalendarImportApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    private sealed record World(string Prefix)
    {
        public string Hall => $"{Prefix}-hall";
        public string HallName => $"Hội trường Diên Hồng {Prefix}";
        public string Room => $"{Prefix}-room";
        public string RoomName => $"Phòng họp Nhà Quốc hội {Prefix}";
        public string Point => $"{Prefix}-cp";

        /// <summary>An Outlook UID: the fixed prefix of Exchange's global object ids, then hex of its own.</summary>
        public string OutlookUid { get; } = "040000008200E00074C5B7101A82E00800000000" + Guid.NewGuid().ToString("N").ToUpperInvariant() +
            "00000000000000001000000" + Guid.NewGuid().ToString("N").ToUpperInvariant();

        public string GoogleUid { get; } = Guid.NewGuid().ToString("N")[..26] + "@google.com";
    }

    private async Task<World> CreateWorld()
    {
        var world = new World(NewPrefix("c"));
        var admin = Host.Client("admin");
        await Hall(admin, world.Hall, world.HallName);
        await Put(admin, $"/api/venues/{world.Room}", new { name = world.RoomName, kind = "meetingRoom" });
        await Point(admin, world.Point, "Đoàn ĐBQH tỉnh Quảng Trị", "Quảng Trị");
        return world;
    }

    /// <summary>An iCalendar file with CRLF line ends and its long lines folded at 75 characters, as RFC 5545 and Outlook write them.</summary>
    private static string Ics(params string[] lines)
    {
        var folded = new StringBuilder();
        foreach (var line in lines)
        {
            var rest = line;
            var first = true;
            while (rest.Length > 75)
            {
                folded.Append(first ? "" : " ").Append(rest[..74]).Append("\r\n");
                rest = rest[74..];
                first = false;
            }

            folded.Append(first ? "" : " ").Append(rest).Append("\r\n");
        }

        return folded.ToString();
    }

    private static readonly string[] OutlookTimeZone =
    [
        "BEGIN:VTIMEZONE",
        "TZID:SE Asia Standard Time",
        "BEGIN:STANDARD",
        "DTSTART:16010101T000000",
        "TZOFFSETFROM:+0700",
        "TZOFFSETTO:+0700",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:16010101T000000",
        "TZOFFSETFROM:+0700",
        "TZOFFSETTO:+0700",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
    ];

    private static string OutlookFile(World w) => Ics(
    [
        "BEGIN:VCALENDAR",
        "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
        "VERSION:2.0",
        "METHOD:PUBLISH",
        "X-MS-OLK-FORCEINSPECTOROPEN:TRUE",
        .. OutlookTimeZone,
        "BEGIN:VEVENT",
        "CLASS:PUBLIC",
        "CREATED:20310301T020304Z",
        "DESCRIPTION:Chủ trì: Chủ tịch Quốc hội\\nThành phần: toàn thể đại biểu\\, khách mời",
        "DTEND;TZID=SE Asia Standard Time:20310317T113000",
        "DTSTAMP:20310301T020304Z",
        "DTSTART;TZID=SE Asia Standard Time:20310317T080000",
        "LAST-MODIFIED:20310301T020304Z",
        $"LOCATION:{w.HallName}",
        "PRIORITY:5",
        "SEQUENCE:0",
        "SUMMARY;LANGUAGE=vi-VN:Phiên họp toàn thể: Quốc hội thảo luận về dự án Luật Đường bộ",
        "TRANSP:OPAQUE",
        $"UID:{w.OutlookUid}",
        "CATEGORIES:Kỳ họp",
        "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
        "X-MICROSOFT-CDO-IMPORTANCE:1",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "CLASS:PUBLIC",
        "DTEND;TZID=SE Asia Standard Time:20310318T170000",
        "DTSTAMP:20310301T020304Z",
        "DTSTART;TZID=SE Asia Standard Time:20310318T140000",
        $"LOCATION:{w.RoomName}",
        "SUMMARY;LANGUAGE=vi-VN:Họp Tổ đại biểu số 7",
        $"UID:{w.OutlookUid}-2",
        "END:VEVENT",
        "END:VCALENDAR",
    ]);

    private static string GoogleFile(World w) => Ics(
    [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Lịch họp Văn phòng Quốc hội",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Ho_Chi_Minh",
        "X-LIC-LOCATION:Asia/Ho_Chi_Minh",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0700",
        "TZOFFSETTO:+0700",
        "TZNAME:GMT+7",
        "DTSTART:19700101T000000",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "DTSTART;TZID=Asia/Ho_Chi_Minh:20310319T140000",
        "DTEND;TZID=Asia/Ho_Chi_Minh:20310319T163000",
        "DTSTAMP:20310301T000000Z",
        $"UID:{w.GoogleUid}",
        "CREATED:20310301T000000Z",
        "LAST-MODIFIED:20310301T000000Z",
        $"LOCATION:{w.HallName}",
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
        "SUMMARY:Hội nghị đại biểu Quốc hội hoạt động chuyên trách",
        "CATEGORIES:Hội nghị",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "DTSTART:20310320T010000Z",
        "DTEND:20310320T030000Z",
        "DTSTAMP:20310301T000000Z",
        $"UID:{w.Prefix}-utc",
        $"LOCATION:{w.Hall}",
        "SUMMARY:Phiên giải trình của Ủy ban Thường vụ Quốc hội",
        "CATEGORIES:UBTVQH",
        "END:VEVENT",
        "END:VCALENDAR",
    ]);

    private Task<HttpResponseMessage> Import(string ics, bool dryRun) =>
        PostFile(Host.Client("admin"), $"/api/sessions/import?dryRun={(dryRun ? "true" : "false")}", ics, "text/calendar");

    [Fact]
    public async Task An_Outlook_export_with_a_Windows_time_zone_creates_sittings_at_their_Ha_Noi_hours_in_the_hall_its_location_names()
    {
        var world = await CreateWorld();
        var admin = Host.Client("admin");
        var plenaryId = CalendarId(world.OutlookUid);
        var groupId = CalendarId(world.OutlookUid + "-2");

        AssertCounts(await Report(await Import(OutlookFile(world), dryRun: true)), dryRun: true, created: 2, updated: 0, unchanged: 0);
        await AssertNoSession(admin, plenaryId);
        AssertCounts(await Report(await Import(OutlookFile(world), dryRun: false)), dryRun: false, created: 2, updated: 0, unchanged: 0);

        var plenary = await Get(admin, $"/api/sessions/{plenaryId}");
        Assert.Equal("Phiên họp toàn thể: Quốc hội thảo luận về dự án Luật Đường bộ", (string)plenary["title"]!);
        Assert.Equal("plenary", (string)plenary["kind"]!);
        Assert.Equal("inPerson", (string)plenary["format"]!);
        Assert.Equal(world.Hall, (string)plenary["hallVenueId"]!);
        Assert.Equal("2031-03-17T08:00:00+07:00", (string)plenary["scheduledStart"]!);
        Assert.Equal("2031-03-17T11:30:00+07:00", (string)plenary["scheduledEnd"]!);
        Assert.Empty(plenary["connectionPointIds"]!.AsArray());

        var group = await Get(admin, $"/api/sessions/{groupId}");
        Assert.Equal("Họp Tổ đại biểu số 7", (string)group["title"]!);
        Assert.Equal("other", (string)group["kind"]!);
        Assert.Equal(world.Room, (string)group["hallVenueId"]!);
        Assert.Equal(DateTimeOffset.Parse("2031-03-18T07:00:00Z"), DateTimeOffset.Parse((string)group["scheduledStart"]!));
        Assert.Equal(DateTimeOffset.Parse("2031-03-18T10:00:00Z"), DateTimeOffset.Parse((string)group["scheduledEnd"]!));
        Assert.Contains((await Get(admin, "/api/sessions?from=2031-03-18&to=2031-03-18")).AsArray(), s => (string)s!["id"]! == groupId);

        var updatedAt = (string)plenary["updatedAt"]!;
        AssertCounts(await Report(await Import(OutlookFile(world), dryRun: false)), dryRun: false, created: 0, updated: 0, unchanged: 2);
        Assert.Equal(updatedAt, (string)(await Get(admin, $"/api/sessions/{plenaryId}"))["updatedAt"]!);
        Assert.Equal((string)group["updatedAt"]!, (string)(await Get(admin, $"/api/sessions/{groupId}"))["updatedAt"]!);
    }

    [Fact]
    public async Task A_Google_export_with_an_IANA_time_zone_or_UTC_times_creates_sittings_at_the_same_instants_in_Ha_Noi_time()
    {
        var world = await CreateWorld();
        var admin = Host.Client("admin");

        AssertCounts(await Report(await Import(GoogleFile(world), dryRun: false)), dryRun: false, created: 2, updated: 0, unchanged: 0);

        var conference = await Get(admin, $"/api/sessions/{CalendarId(world.GoogleUid)}");
        Assert.Equal("conference", (string)conference["kind"]!);
        Assert.Equal(world.Hall, (string)conference["hallVenueId"]!);
        Assert.Equal("2031-03-19T14:00:00+07:00", (string)conference["scheduledStart"]!);
        Assert.Equal("2031-03-19T16:30:00+07:00", (string)conference["scheduledEnd"]!);

        // A UID that is already an id stays the id; a time in UTC is shown in Hà Nội's.
        var standing = await Get(admin, $"/api/sessions/{world.Prefix}-utc");
        Assert.Equal("standingCommittee", (string)standing["kind"]!);
        Assert.Equal("Phiên giải trình của Ủy ban Thường vụ Quốc hội", (string)standing["title"]!);
        Assert.Equal("2031-03-20T08:00:00+07:00", (string)standing["scheduledStart"]!);
        Assert.Equal("2031-03-20T10:00:00+07:00", (string)standing["scheduledEnd"]!);

        AssertCounts(await Report(await Import(GoogleFile(world), dryRun: true)), dryRun: true, created: 0, updated: 0, unchanged: 2);
    }

    [Fact]
    public async Task A_sitting_set_up_after_its_calendar_import_keeps_its_points_when_the_same_calendar_is_imported_again()
    {
        var world = await CreateWorld();
        var admin = Host.Client("admin");
        await Report(await Import(GoogleFile(world), dryRun: false));
        var id = $"{world.Prefix}-utc";
        await Put(admin, $"/api/sessions/{id}", new
        {
            title = "Phiên giải trình của Ủy ban Thường vụ Quốc hội", kind = "standingCommittee", format = "hybrid", hallVenueId = world.Hall,
            scheduledStart = "2031-03-20T08:00:00+07:00", scheduledEnd = "2031-03-20T10:00:00+07:00",
            connectionPointIds = new[] { world.Point }, delegateIds = Array.Empty<string>(),
        });
        var updatedAt = (string)(await Get(admin, $"/api/sessions/{id}"))["updatedAt"]!;

        AssertCounts(await Report(await Import(GoogleFile(world), dryRun: false)), dryRun: false, created: 0, updated: 0, unchanged: 2);

        var session = await Get(admin, $"/api/sessions/{id}");
        Assert.Equal("hybrid", (string)session["format"]!);
        Assert.Equal([world.Point], session["connectionPointIds"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(updatedAt, (string)session["updatedAt"]!);
    }

    [Fact]
    public async Task An_event_without_DTSTART_and_one_in_an_unknown_location_are_reported_by_event_and_field_and_nothing_is_written()
    {
        var world = await CreateWorld();
        var admin = Host.Client("admin");
        var ics = Ics(
        [
            "BEGIN:VCALENDAR",
            "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
            "VERSION:2.0",
            .. OutlookTimeZone,
            "BEGIN:VEVENT",
            "DTSTART;TZID=SE Asia Standard Time:20310324T080000",
            "DTEND;TZID=SE Asia Standard Time:20310324T110000",
            $"LOCATION:{world.HallName}",
            "SUMMARY:Phiên họp toàn thể",
            $"UID:{world.OutlookUid}",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "DTEND;TZID=SE Asia Standard Time:20310325T110000",
            $"LOCATION:{world.HallName}",
            "SUMMARY:Phiên họp không có giờ bắt đầu",
            $"UID:{world.Prefix}-no-start",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "DTSTART;TZID=SE Asia Standard Time:20310326T080000",
            "DTEND;TZID=SE Asia Standard Time:20310326T110000",
            "LOCATION:Hội trường Bà Triệu (không có trong danh mục)",
            "SUMMARY:Phiên họp ở nơi chưa có",
            $"UID:{world.Prefix}-nowhere",
            "END:VEVENT",
            "END:VCALENDAR",
        ]);

        foreach (var dryRun in new[] { true, false })
        {
            var errors = await Refused(await Import(ics, dryRun), dryRun);
            Assert.Contains(errors, e => e.Row == 2 && e.Field == "DTSTART");
            Assert.Contains(errors, e => e.Row == 3 && e.Field == "LOCATION" && e.Message.Contains("Bà Triệu", StringComparison.Ordinal));
            Assert.All(errors, e => Assert.Contains(e.Row, new[] { 2, 3 }));
            Assert.DoesNotContain(errors, e => e.Field is "scheduledStart" or "hallVenueId");
        }

        await AssertNoSession(admin, CalendarId(world.OutlookUid));
        await AssertNoSession(admin, $"{world.Prefix}-no-start");
        await AssertNoSession(admin, $"{world.Prefix}-nowhere");
    }

    [Fact]
    public async Task A_floating_time_without_a_time_zone_or_Z_is_refused_because_it_names_no_instant()
    {
        var world = await CreateWorld();
        var ics = Ics(
        [
            "BEGIN:VCALENDAR",
            "PRODID:-//Kiểm thử//VI",
            "VERSION:2.0",
            "BEGIN:VEVENT",
            "DTSTART;TZID=Asia/Ho_Chi_Minh:20310327T080000",
            "DTEND;TZID=Asia/Ho_Chi_Minh:20310327T110000",
            $"LOCATION:{world.Hall}",
            "SUMMARY:Phiên họp có múi giờ",
            $"UID:{world.Prefix}-zoned",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "DTSTART:20310328T080000",
            "DTEND;TZID=Asia/Ho_Chi_Minh:20310328T110000",
            $"LOCATION:{world.Hall}",
            "SUMMARY:Phiên họp giờ trôi",
            $"UID:{world.Prefix}-floating",
            "END:VEVENT",
            "END:VCALENDAR",
        ]);

        var errors = await Refused(await Import(ics, dryRun: false));

        Assert.Equal([(2, "DTSTART")], errors.Select(e => (e.Row, e.Field)).Distinct());
        await AssertNoSession(Host.Client("admin"), $"{world.Prefix}-zoned");
        await AssertNoSession(Host.Client("admin"), $"{world.Prefix}-floating");
    }
}
