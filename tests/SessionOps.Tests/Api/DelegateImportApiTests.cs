using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SessionOps.Tests.Infrastructure;
using static SessionOps.Tests.Api.SetUpApi;

namespace SessionOps.Tests.Api;

/// <summary>Delegates imported from a spreadsheet (<c>POST /api/delegates/import</c>, text/csv): the same rules as sittings.</summary>
public sealed class DelegateImportApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Header = "id,name,delegation,lodgingVenueId";

    private GatewayHost Host => fixture.Host;

    private async Task<(string Prefix, string Lodging)> CreateWorld()
    {
        var prefix = NewPrefix("d");
        await Lodging(Host.Client("admin"), $"{prefix}-lodging", "Nhà khách Quốc hội, 27A Võ Văn Tần");
        return (prefix, $"{prefix}-lodging");
    }

    private static string[] Rows(string prefix, string lodging) =>
    [
        $"{prefix}-d1,Nguyễn Thị Thanh Hương,Huế,{lodging}",
        $"{prefix}-d2,Y Vinh Tơr,Đắk Lắk,{lodging}",
        $"{prefix}-d3,\"Hoàng Đức Thắng, Phó Trưởng đoàn\",Quảng Trị,",
    ];

    private static string Csv(params string[] rows) => string.Join("\n", [Header, .. rows]) + "\n";

    private Task<HttpResponseMessage> Import(string csv, bool dryRun) =>
        PostFile(Host.Client("admin"), $"/api/delegates/import?dryRun={(dryRun ? "true" : "false")}", csv, "text/csv");

    [Fact]
    public async Task A_delegates_file_creates_each_delegate_with_lodging_and_the_same_file_again_is_all_unchanged_and_changes_nothing()
    {
        var (prefix, lodging) = await CreateWorld();
        var admin = Host.Client("admin");
        var csv = Csv(Rows(prefix, lodging));

        AssertCounts(await Report(await Import(csv, dryRun: true)), dryRun: true, created: 3, updated: 0, unchanged: 0);
        await AssertNoDelegate(admin, $"{prefix}-d1");

        AssertCounts(await Report(await Import(csv, dryRun: false)), dryRun: false, created: 3, updated: 0, unchanged: 0);

        var first = await Get(admin, $"/api/delegates/{prefix}-d1");
        Assert.Equal("Nguyễn Thị Thanh Hương", (string)first["name"]!);
        Assert.Equal("Huế", (string)first["delegation"]!);
        Assert.Equal(lodging, (string)first["lodgingVenueId"]!);
        var third = await Get(admin, $"/api/delegates/{prefix}-d3");
        Assert.Equal("Hoàng Đức Thắng, Phó Trưởng đoàn", (string)third["name"]!);
        Assert.Null(third["lodgingVenueId"]);

        var updatedAt = (string)first["updatedAt"]!;
        AssertCounts(await Report(await Import(csv, dryRun: false)), dryRun: false, created: 0, updated: 0, unchanged: 3);
        Assert.Equal(updatedAt, (string)(await Get(admin, $"/api/delegates/{prefix}-d1"))["updatedAt"]!);

        var rows = Rows(prefix, lodging);
        rows[1] = rows[1].Replace("Y Vinh Tơr", "Y Vinh Tơr (Phó Trưởng đoàn)", StringComparison.Ordinal);
        AssertCounts(await Report(await Import(Csv(rows), dryRun: false)), dryRun: false, created: 0, updated: 1, unchanged: 2);
        Assert.Equal("Y Vinh Tơr (Phó Trưởng đoàn)", (string)(await Get(admin, $"/api/delegates/{prefix}-d2"))["name"]!);
        Assert.Equal(updatedAt, (string)(await Get(admin, $"/api/delegates/{prefix}-d1"))["updatedAt"]!);
    }

    [Fact]
    public async Task An_unknown_lodging_venue_is_an_error_of_its_row_and_field_and_none_of_the_file_is_written()
    {
        var (prefix, lodging) = await CreateWorld();
        var rows = Rows(prefix, lodging);
        rows[1] = rows[1].Replace(lodging, $"{prefix}-no-such-hotel", StringComparison.Ordinal);

        foreach (var dryRun in new[] { true, false })
        {
            var errors = await Refused(await Import(Csv(rows), dryRun), dryRun);
            var error = Assert.Single(errors);
            Assert.Equal((3, "lodgingVenueId"), (error.Row, error.Field));
            Assert.Contains($"{prefix}-no-such-hotel", error.Message, StringComparison.Ordinal);
        }

        var admin = Host.Client("admin");
        for (var n = 1; n <= 3; n++)
        {
            await AssertNoDelegate(admin, $"{prefix}-d{n}");
        }
    }

    [Fact]
    public async Task A_lodging_that_is_a_hall_and_not_a_lodging_is_refused_by_row_too()
    {
        var (prefix, lodging) = await CreateWorld();
        var admin = Host.Client("admin");
        await Hall(admin, $"{prefix}-hall", "Hội trường Diên Hồng");
        var rows = Rows(prefix, lodging);
        rows[2] = $"{prefix}-d3,Hoàng Đức Thắng,Quảng Trị,{prefix}-hall";

        var errors = await Refused(await Import(Csv(rows), dryRun: false));

        Assert.Equal([(4, "lodgingVenueId")], errors.Select(e => (e.Row, e.Field)));
        await AssertNoDelegate(admin, $"{prefix}-d1");
    }

    /// <summary>A real delegates file of about 20 MB: every row valid, so that only its size can refuse it.</summary>
    private static byte[] TwentyMegabytes(string prefix, string lodging)
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; text.Length < 20 * 1024 * 1024; i++)
        {
            text.Append(prefix).Append("-big-").Append(i).Append(",Đại biểu số ").Append(i)
                .Append(" của đoàn đại biểu Quốc hội thành phố Hồ Chí Minh,Thành phố Hồ Chí Minh,").Append(lodging).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    [Fact]
    public async Task A_file_of_twenty_megabytes_with_its_length_announced_is_refused_as_a_whole_and_nothing_is_written()
    {
        var (prefix, lodging) = await CreateWorld();
        var bytes = TwentyMegabytes(prefix, lodging);
        Assert.True(bytes.Length > 20_000_000);

        var errors = await Refused(await PostFile(Host.Client("admin"), "/api/delegates/import?dryRun=false", bytes, "text/csv"));

        var error = Assert.Single(errors);
        Assert.Equal((0, "file"), (error.Row, error.Field));
        Assert.Contains("4 MB", error.Message, StringComparison.Ordinal);
        await AssertNoDelegate(Host.Client("admin"), $"{prefix}-big-0");
    }

    [Fact]
    public async Task A_file_of_twenty_megabytes_sent_in_chunks_without_a_length_is_refused_as_a_whole_and_nothing_is_written()
    {
        var (prefix, lodging) = await CreateWorld();
        var content = new StreamContent(new MemoryStream(TwentyMegabytes(prefix, lodging)));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/delegates/import?dryRun=false") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var errors = await Refused(await Host.Client("admin").SendAsync(request));

        var error = Assert.Single(errors);
        Assert.Equal((0, "file"), (error.Row, error.Field));
        await AssertNoDelegate(Host.Client("admin"), $"{prefix}-big-0");
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Client("admin").GetAsync($"/api/delegates/{prefix}-big-1000")).StatusCode);
    }
}
