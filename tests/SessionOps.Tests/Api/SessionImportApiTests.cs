using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SessionOps.Tests.Infrastructure;
using static SessionOps.Tests.Api.SetUpApi;

namespace SessionOps.Tests.Api;

/// <summary>
/// Sittings imported from a spreadsheet (<c>POST /api/sessions/import</c>, text/csv): a dry run writes nothing, a file
/// with any error writes nothing and says which row and field, the same file twice changes nothing, Vietnamese survives.
/// </summary>
public sealed class SessionImportApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Header = "id,title,kind,format,hallVenueId,scheduledStart,scheduledEnd,connectionPointIds,delegateIds,quorum";

    private GatewayHost Host => fixture.Host;

    /// <summary>A hall, two points and three delegates of its own, and the sittings' ids, for one test.</summary>
    private sealed record World(string Prefix)
    {
        public string Hall => $"{Prefix}-hall";
        public string Room => $"{Prefix}-room";
        public string[] Points => [$"{Prefix}-cp-hue", $"{Prefix}-cp-dak-lak"];
        public string[] Delegates => [$"{Prefix}-d1", $"{Prefix}-d2", $"{Prefix}-d3"];
        public string Sitting(int n) => $"{Prefix}-s{n}";
    }

    private async Task<World> CreateWorld()
    {
        var world = new World(NewPrefix("i"));
        var admin = Host.Client("admin");
        await Hall(admin, world.Hall, $"Hội trường Diên Hồng {world.Prefix}");
        await Put(admin, $"/api/venues/{world.Room}", new { name = $"Phòng họp Nghị trường {world.Prefix}", kind = "meetingRoom" });
        await Point(admin, world.Points[0], "Đoàn ĐBQH thành phố Huế", "Huế");
        await Point(admin, world.Points[1], "Đoàn ĐBQH tỉnh Đắk Lắk", "Đắk Lắk");
        await Delegate(admin, world.Delegates[0], "Nguyễn Thị Thanh Hương", "Huế");
        await Delegate(admin, world.Delegates[1], "Y Vinh Tơr", "Đắk Lắk");
        await Delegate(admin, world.Delegates[2], "Trần Văn Ủy", "Huế");
        return world;
    }

    /// <summary>Three good rows: a hybrid plenary with both points, a Standing Committee meeting in person, a conference with a quoted title.</summary>
    private static string[] GoodRows(World w) =>
    [
        $"{w.Sitting(1)},Phiên họp toàn thể: thảo luận dự án Luật Đất đai (sửa đổi),plenary,hybrid,{w.Hall},2031-03-10T08:00:00+07:00,2031-03-10T11:30:00+07:00,{w.Points[0]};{w.Points[1]},{w.Delegates[0]};{w.Delegates[1]};{w.Delegates[2]},2",
        $"{w.Sitting(2)},Phiên họp thứ 45 của Ủy ban Thường vụ Quốc hội,standingCommittee,inPerson,{w.Room},2031-03-11T14:00:00+07:00,2031-03-11T17:00:00+07:00,,{w.Delegates[0]};{w.Delegates[2]},",
        $"{w.Sitting(3)},\"Hội nghị \"\"Chuyển đổi số\"\", phiên sáng\",conference,online,{w.Hall},2031-03-12T08:00:00+07:00,2031-03-12T10:00:00+07:00,{w.Points[1]},,",
    ];

    private static string Csv(params string[] rows) => string.Join("\n", [Header, .. rows]) + "\n";

    private Task<HttpResponseMessage> Import(string csv, bool dryRun) =>
        PostFile(Host.Client("admin"), $"/api/sessions/import?dryRun={(dryRun ? "true" : "false")}", csv, "text/csv");

    [Fact]
    public async Task A_dry_run_reports_the_sittings_it_would_create_and_writes_none_of_them()
    {
        var world = await CreateWorld();

        var report = await Report(await Import(Csv(GoodRows(world)), dryRun: true));

        AssertCounts(report, dryRun: true, created: 3, updated: 0, unchanged: 0);
        var admin = Host.Client("admin");
        for (var n = 1; n <= 3; n++)
        {
            await AssertNoSession(admin, world.Sitting(n));
        }

        Assert.DoesNotContain((await Get(admin, "/api/sessions?from=2031-03-10&to=2031-03-12")).AsArray(),
            s => ((string)s!["id"]!).StartsWith(world.Prefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_import_creates_each_sitting_as_its_row_says_and_the_same_file_again_is_all_unchanged_and_changes_nothing()
    {
        var world = await CreateWorld();
        var admin = Host.Client("admin");
        var csv = Csv(GoodRows(world));

        AssertCounts(await Report(await Import(csv, dryRun: false)), dryRun: false, created: 3, updated: 0, unchanged: 0);

        var first = await Get(admin, $"/api/sessions/{world.Sitting(1)}");
        Assert.Equal("plenary", (string)first["kind"]!);
        Assert.Equal("hybrid", (string)first["format"]!);
        Assert.Equal(world.Hall, (string)first["hallVenueId"]!);
        Assert.Equal(DateTimeOffset.Parse("2031-03-10T08:00:00+07:00"), DateTimeOffset.Parse((string)first["scheduledStart"]!));
        Assert.Equal(DateTimeOffset.Parse("2031-03-10T11:30:00+07:00"), DateTimeOffset.Parse((string)first["scheduledEnd"]!));
        Assert.Equal(world.Points, first["connectionPointIds"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(world.Delegates, first["delegateIds"]!.AsArray().Select(d => (string)d!));
        Assert.Equal(2, (int)first["quorum"]!);
        var second = await Get(admin, $"/api/sessions/{world.Sitting(2)}");
        Assert.Equal("standingCommittee", (string)second["kind"]!);
        Assert.Empty(second["connectionPointIds"]!.AsArray());
        Assert.Null(second["quorum"]);
        var third = await Get(admin, $"/api/sessions/{world.Sitting(3)}");
        Assert.Equal("Hội nghị \"Chuyển đổi số\", phiên sáng", (string)third["title"]!);
        Assert.Equal([world.Points[1]], third["connectionPointIds"]!.AsArray().Select(p => (string)p!));
        Assert.Contains((await Get(admin, "/api/sessions?from=2031-03-11&to=2031-03-11")).AsArray(), s => (string)s!["id"]! == world.Sitting(2));

        var updatedAt = new List<string>();
        for (var n = 1; n <= 3; n++)
        {
            updatedAt.Add((string)(await Get(admin, $"/api/sessions/{world.Sitting(n)}"))["updatedAt"]!);
        }

        AssertCounts(await Report(await Import(csv, dryRun: true)), dryRun: true, created: 0, updated: 0, unchanged: 3);
        AssertCounts(await Report(await Import(csv, dryRun: false)), dryRun: false, created: 0, updated: 0, unchanged: 3);

        for (var n = 1; n <= 3; n++)
        {
            var again = await Get(admin, $"/api/sessions/{world.Sitting(n)}");
            Assert.Equal(updatedAt[n - 1], (string)again["updatedAt"]!);
        }
    }

    [Fact]
    public async Task A_row_changed_in_the_file_is_reported_updated_and_only_that_sitting_changes()
    {
        var world = await CreateWorld();
        var admin = Host.Client("admin");
        var rows = GoodRows(world);
        await Report(await Import(Csv(rows), dryRun: false));
        var untouched = (string)(await Get(admin, $"/api/sessions/{world.Sitting(1)}"))["updatedAt"]!;

        rows[1] = rows[1].Replace("2031-03-11T17:00:00+07:00", "2031-03-11T17:30:00+07:00", StringComparison.Ordinal);
        AssertCounts(await Report(await Import(Csv(rows), dryRun: false)), dryRun: false, created: 0, updated: 1, unchanged: 2);

        var moved = await Get(admin, $"/api/sessions/{world.Sitting(2)}");
        Assert.Equal(DateTimeOffset.Parse("2031-03-11T17:30:00+07:00"), DateTimeOffset.Parse((string)moved["scheduledEnd"]!));
        Assert.Equal(untouched, (string)(await Get(admin, $"/api/sessions/{world.Sitting(1)}"))["updatedAt"]!);
    }

    [Fact]
    public async Task Vietnamese_titles_with_every_kind_of_diacritic_come_back_exactly_as_the_file_wrote_them()
    {
        var world = await CreateWorld();
        string[] titles =
        [
            "Kỳ họp thứ Mười: Quốc hội thảo luận ở hội trường về dự án Luật Thủ đô (sửa đổi)",
            "Phiên chất vấn và trả lời chất vấn — Bộ trưởng Bộ Nông nghiệp và Môi trường",
            "Hội nghị đại biểu Quốc hội hoạt động chuyên trách lần thứ ba; Đắk Lắk, Khánh Hòa, Thừa Thiên Huế",
            "Ủy ban Thường vụ Quốc hội cho ý kiến về việc sắp xếp đơn vị hành chính cấp xã năm 2031 — ỹ ữ ặ ẫ ờ ự ố ẳ",
        ];
        var rows = titles.Select((title, i) =>
            $"{world.Sitting(i + 1)},\"{title}\",other,inPerson,{world.Hall},2031-03-{13 + i}T08:00:00+07:00,2031-03-{13 + i}T09:00:00+07:00,,,").ToArray();

        await Report(await Import(Csv(rows), dryRun: false));

        var admin = Host.Client("admin");
        for (var i = 0; i < titles.Length; i++)
        {
            var session = await Get(admin, $"/api/sessions/{world.Sitting(i + 1)}");
            Assert.Equal(titles[i], (string)session["title"]!);
        }

        // The same titles read back are the same titles: nothing was changed by the way the text travelled.
        AssertCounts(await Report(await Import(Csv(rows), dryRun: true)), dryRun: true, created: 0, updated: 0, unchanged: titles.Length);
    }

    [Fact]
    public async Task A_file_saved_by_Excel_as_CSV_UTF8_with_a_byte_order_mark_and_CRLF_line_endings_imports_the_same()
    {
        var world = await CreateWorld();
        var text = string.Join("\r\n", [Header, .. GoodRows(world)]) + "\r\n";
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)];

        var report = await Report(await PostFile(Host.Client("admin"), "/api/sessions/import?dryRun=false", bytes, "text/csv"));

        AssertCounts(report, dryRun: false, created: 3, updated: 0, unchanged: 0);
        var admin = Host.Client("admin");
        var first = await Get(admin, $"/api/sessions/{world.Sitting(1)}");
        Assert.Equal(world.Sitting(1), (string)first["id"]!);
        Assert.Equal("Phiên họp toàn thể: thảo luận dự án Luật Đất đai (sửa đổi)", (string)first["title"]!);
        // The last cell of a line does not keep the carriage return.
        Assert.Equal(2, (int)first["quorum"]!);
        Assert.Equal(world.Delegates, first["delegateIds"]!.AsArray().Select(d => (string)d!));
        var third = await Get(admin, $"/api/sessions/{world.Sitting(3)}");
        Assert.Equal("Hội nghị \"Chuyển đổi số\", phiên sáng", (string)third["title"]!);

        // The same sittings written with plain line ends and no mark are the same sittings.
        AssertCounts(await Report(await Import(Csv(GoodRows(world)), dryRun: true)), dryRun: true, created: 0, updated: 0, unchanged: 3);
    }

    public static TheoryData<string> BadFiles => new()
    {
        "kind is not a kind",
        "time without an offset",
        "unknown hall",
        "unknown connection point",
        "id twice in the file",
        "unknown column in the header",
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_file_with_one_bad_row_is_refused_naming_its_row_and_field_and_none_of_its_good_rows_is_written(string bad)
    {
        var world = await CreateWorld();
        var good = GoodRows(world);
        var header = Header;
        var rows = good.ToArray();
        int row;
        string field;
        switch (bad)
        {
            case "kind is not a kind":
                rows[1] = rows[1].Replace(",standingCommittee,", ",phiên họp,", StringComparison.Ordinal);
                (row, field) = (3, "kind");
                break;
            case "time without an offset":
                rows[2] = rows[2].Replace("2031-03-12T08:00:00+07:00", "2031-03-12T08:00:00", StringComparison.Ordinal);
                (row, field) = (4, "scheduledStart");
                break;
            case "unknown hall":
                rows[1] = rows[1].Replace($",{world.Room},", $",{world.Prefix}-no-such-hall,", StringComparison.Ordinal);
                (row, field) = (3, "hallVenueId");
                break;
            case "unknown connection point":
                rows[2] = rows[2].Replace($",{world.Points[1]},", $",{world.Prefix}-cp-nowhere,", StringComparison.Ordinal);
                (row, field) = (4, "connectionPointIds");
                break;
            case "id twice in the file":
                rows[2] = rows[2].Replace(world.Sitting(3), world.Sitting(1), StringComparison.Ordinal);
                (row, field) = (4, "id");
                break;
            case "unknown column in the header":
                header = Header.Replace("hallVenueId", "hall", StringComparison.Ordinal);
                (row, field) = (1, "hall");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(bad), bad, null);
        }

        Assert.True(header != Header || !rows.SequenceEqual(good), $"The case '{bad}' did not change the file.");
        var csv = string.Join("\n", [header, .. rows]) + "\n";

        foreach (var dryRun in new[] { true, false })
        {
            var errors = await Refused(await Import(csv, dryRun), dryRun);
            Assert.Contains(errors, e => e.Row == row && e.Field == field);
            Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
            // Only the bad row is blamed (a bad header blames the header: the columns it lacks or does not know).
            Assert.All(errors, e => Assert.Equal(row, e.Row));
        }

        var admin = Host.Client("admin");
        for (var n = 1; n <= 3; n++)
        {
            await AssertNoSession(admin, world.Sitting(n));
        }
    }

    [Fact]
    public async Task Every_bad_row_of_a_file_is_reported_at_once_in_row_order()
    {
        var world = await CreateWorld();
        var rows = GoodRows(world);
        rows[0] = rows[0].Replace(",plenary,", ",toàn thể,", StringComparison.Ordinal);
        rows[2] = rows[2].Replace($",{world.Points[1]},", $",{world.Prefix}-cp-nowhere,", StringComparison.Ordinal);

        var errors = await Refused(await Import(Csv(rows), dryRun: false));

        Assert.Equal([(2, "kind"), (4, "connectionPointIds")], errors.Select(e => (e.Row, e.Field)));
        await AssertNoSession(Host.Client("admin"), world.Sitting(2));
    }

    [Fact]
    public async Task Only_admins_import_and_a_file_of_another_type_is_refused()
    {
        var world = await CreateWorld();
        var csv = Csv(GoodRows(world));

        foreach (var role in new[] { "operator", "security", "leadership" })
        {
            await (await PostFile(Host.Client(role), "/api/sessions/import?dryRun=false", csv, "text/csv")).Problem(403);
        }

        await (await PostFile(Host.Client("admin"), "/api/sessions/import?dryRun=false", csv, "application/json")).Problem(415);
        await AssertNoSession(Host.Client("admin"), world.Sitting(1));
    }

    [Fact]
    public async Task A_file_without_the_optional_columns_leaves_a_sittings_ky_hop_as_an_admin_set_it()
    {
        var w = await CreateWorld();
        var admin = Host.Client("admin");
        var row = $"{w.Sitting(1)},Phiên họp toàn thể,plenary,inPerson,{w.Hall},2031-04-02T08:00:00+07:00,2031-04-02T11:30:00+07:00,,,";
        Assert.Equal(HttpStatusCode.OK, (await PostFile(admin, "/api/sessions/import", $"{Header}\n{row}\n", "text/csv")).StatusCode);
        // An admin files it under kỳ họp 7, đợt 2 on /admin.
        var sitting = await Get(admin, $"/api/sessions/{w.Sitting(1)}");
        sitting["plenarySession"] = new JsonObject { ["number"] = 7, ["round"] = 2 };
        await Put(admin, $"/api/sessions/{w.Sitting(1)}", sitting);

        var again = await Report(await PostFile(admin, "/api/sessions/import", $"{Header}\n{row}\n", "text/csv"));

        AssertCounts(again, dryRun: false, created: 0, updated: 0, unchanged: 1);
        var kept = await Get(admin, $"/api/sessions/{w.Sitting(1)}");
        Assert.Equal(7, (int)kept["plenarySession"]!["number"]!);
        Assert.Equal(2, (int)kept["plenarySession"]!["round"]!);
    }
}
