using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SessionOps.Tests.Infrastructure;
using static SessionOps.Tests.Api.SetUpApi;

namespace SessionOps.Tests.Api;

/// <summary>Whom to call at a connection point, and its backup link: set by admins, read by admins and operators only.</summary>
public sealed class ConnectionPointContactsApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    private const string Backup = "Đường 4G dự phòng của Viettel; gọi tổng đài 1800 8000 nếu mất cả hai";

    private static object PointWithContacts(object[] contacts) => new
    {
        name = "Đoàn ĐBQH tỉnh Đắk Lắk",
        province = "Đắk Lắk",
        kind = "provincialDelegation",
        contacts,
        backup = Backup,
    };

    private static readonly object[] TwoContacts =
    [
        new { name = "Trần Văn Kỹ", phone = "+84 24 3822 8666", email = "kythuat.daklak@quochoi.vn" },
        new { name = "H'Hen Niê", phone = "(0262) 385.2345" },
    ];

    private static void AssertContacts(JsonNode point)
    {
        var contacts = point["contacts"]!.AsArray();
        Assert.Equal(2, contacts.Count);
        Assert.Equal("Trần Văn Kỹ", (string)contacts[0]!["name"]!);
        Assert.Equal("+84 24 3822 8666", (string)contacts[0]!["phone"]!);
        Assert.Equal("kythuat.daklak@quochoi.vn", (string)contacts[0]!["email"]!);
        Assert.Equal("H'Hen Niê", (string)contacts[1]!["name"]!);
        Assert.Equal("(0262) 385.2345", (string)contacts[1]!["phone"]!);
        Assert.Null(contacts[1]!["email"]);
        Assert.Equal(Backup, (string)point["backup"]!);
    }

    [Fact]
    public async Task An_admin_sets_a_points_contacts_and_backup_and_admins_and_operators_read_them_back()
    {
        var id = NewPrefix("p") + "-cp";
        var admin = Host.Client("admin");

        var response = await admin.PutAsJsonAsync($"/api/connection-points/{id}", PointWithContacts(TwoContacts));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertContacts(await response.Json());

        foreach (var role in new[] { "admin", "operator" })
        {
            var client = Host.Client(role);
            AssertContacts(await Get(client, $"/api/connection-points/{id}"));
            AssertContacts((await Get(client, "/api/connection-points")).AsArray().Single(p => (string)p!["id"]! == id)!);
        }
    }

    [Theory]
    [InlineData("leadership")]
    [InlineData("security")]
    public async Task Leadership_and_security_read_the_point_without_its_contacts_or_backup(string role)
    {
        var id = NewPrefix("p") + "-cp";
        await Put(Host.Client("admin"), $"/api/connection-points/{id}", PointWithContacts(TwoContacts));
        var client = Host.Client(role);

        var one = await Get(client, $"/api/connection-points/{id}");
        var listed = (await Get(client, "/api/connection-points")).AsArray().Single(p => (string)p!["id"]! == id)!;

        foreach (var point in new[] { one, listed })
        {
            // The point itself is there; whom to call and the backup are not (absent or null).
            Assert.Equal("Đoàn ĐBQH tỉnh Đắk Lắk", (string)point["name"]!);
            Assert.Null(point["contacts"]);
            Assert.Null(point["backup"]);
            Assert.DoesNotContain("Trần Văn Kỹ", point.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("kythuat.daklak", point.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Viettel", point.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_contact_with_a_bad_phone_or_e_mail_is_refused_naming_the_contact_and_field_and_the_point_keeps_its_contacts()
    {
        var id = NewPrefix("p") + "-cp";
        var admin = Host.Client("admin");
        await Put(admin, $"/api/connection-points/{id}", PointWithContacts(TwoContacts));

        var problem = await (await admin.PutAsJsonAsync($"/api/connection-points/{id}", PointWithContacts(
        [
            new { name = "Trần Văn Kỹ", phone = "gọi anh Kỹ", email = "kythuat.daklak@" },
            new { name = "H'Hen Niê", phone = "0262 385 2345", email = "hhen.nie@quochoi.vn" },
        ]))).Problem(400);

        var errors = problem["errors"]!.AsObject();
        Assert.NotNull(errors["contacts[0].phone"]);
        Assert.NotNull(errors["contacts[0].email"]);
        Assert.Null(errors["contacts[1].phone"]);
        Assert.Null(errors["contacts[1].email"]);

        var bad = await (await admin.PutAsJsonAsync($"/api/connection-points/{id}", PointWithContacts(
            [new { name = "Trần Văn Kỹ", phone = "0262 385 2345" }, new { name = "", email = "a@b" }]))).Problem(400);
        Assert.NotNull(bad["errors"]!["contacts[1].name"]);
        Assert.NotNull(bad["errors"]!["contacts[1].email"]);

        AssertContacts(await Get(Host.Client("operator"), $"/api/connection-points/{id}"));
    }

    [Fact]
    public async Task A_point_put_again_without_contacts_has_none_and_only_an_admin_sets_them()
    {
        var id = NewPrefix("p") + "-cp";
        var admin = Host.Client("admin");
        await Put(admin, $"/api/connection-points/{id}", PointWithContacts(TwoContacts));

        await (await Host.Client("operator").PutAsJsonAsync($"/api/connection-points/{id}", PointWithContacts([new { name = "Kẻ lạ", phone = "0900 000 000" }])))
            .Problem(403);
        AssertContacts(await Get(admin, $"/api/connection-points/{id}"));

        await Put(admin, $"/api/connection-points/{id}", new { name = "Đoàn ĐBQH tỉnh Đắk Lắk", province = "Đắk Lắk", kind = "provincialDelegation" });
        var point = await Get(Host.Client("operator"), $"/api/connection-points/{id}");
        Assert.True(point["contacts"] is null || point["contacts"]!.AsArray().Count == 0, point.ToJsonString());
        Assert.Null(point["backup"]);
    }
}
