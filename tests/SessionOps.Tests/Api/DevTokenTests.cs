using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Api;

public sealed class DevTokenTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task In_development_a_dev_token_signs_in_with_the_chosen_name_and_role()
    {
        await using var host = await GatewayHost.Start(_directory.File("dev.db"));
        var client = host.Client();

        var response = await client.PostAsJsonAsync("/api/dev/token", new { name = "Nguyễn Văn A", role = "operator" });
        var token = (string)(await response.Json())["token"]!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/sessions")).StatusCode);
        await (await client.PutAsJsonAsync("/api/venues/v1", new { name = "Phòng họp", kind = "meetingRoom" })).Problem(403);
    }

    [Fact]
    public async Task A_dev_token_needs_a_name_and_one_of_the_four_roles()
    {
        await using var host = await GatewayHost.Start(_directory.File("dev-bad.db"));

        var problem = await (await host.Client().PostAsJsonAsync("/api/dev/token", new { name = "", role = "president" })).Problem(400);

        Assert.NotNull(problem["errors"]!["name"]);
        Assert.NotNull(problem["errors"]!["role"]);
    }

    [Fact]
    public async Task Outside_development_the_dev_token_route_does_not_exist()
    {
        await using var host = await GatewayHost.Start(_directory.File("prod.db"), environment: "Production");

        var response = await host.Client().PostAsJsonAsync("/api/dev/token", new { name = "Nguyễn Văn A", role = "admin" });

        await response.Problem(404);
        // The API itself still works there, with tokens from the configured key.
        Assert.Equal(HttpStatusCode.OK, (await host.Client("leadership").GetAsync("/api/sessions")).StatusCode);
    }

    public void Dispose() => _directory.Dispose();
}
