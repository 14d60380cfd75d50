using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Notifications;

/// <summary>
/// Nobody has to stare at a screen: a real Gateway (embedded, SQLite) tells a real webhook receiver on 127.0.0.1 and a
/// real SMTP server in the test of incidents, escalations and phases, signed, retried and kept across a restart.
/// </summary>
public sealed class NotificationTests : IAsyncLifetime
{
    private const string Secret = "bí-mật-của-đội-trực-ban-2026";
    private static readonly TimeSpan EscalateAfter = TimeSpan.FromSeconds(5);

    private readonly TempDirectory _directory = new();
    private readonly int _port = FreePorts.Next();
    private SmtpSink _smtp = null!;
    private WebhookReceiver _receiver = null!;
    private GatewayHost _gateway = null!;

    private HttpClient Admin => _gateway.Client("admin");

    public async Task InitializeAsync()
    {
        _smtp = SmtpSink.Start();
        _receiver = await WebhookReceiver.Start();
        _gateway = await StartGateway();
    }

    private Task<GatewayHost> StartGateway() => GatewayHost.Start(_directory.File("gateway.db"), "Production", port: _port, settings: new Dictionary<string, string?>
    {
        ["Notifications:EscalateAfter"] = EscalateAfter.ToString(),
        ["Notifications:FirstRetryAfter"] = "00:00:00.300",
        ["Notifications:MaxRetryInterval"] = "00:00:01",
        ["Notifications:PollInterval"] = "00:00:00.100",
        ["Notifications:PublicUrl"] = "https://sessionops.quochoi.test",
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = _smtp.Port.ToString(),
        ["Notifications:Smtp:From"] = "SessionOps <sessionops@quochoi.test>",
        ["Notifications:Smtp:StartTls"] = "false",
    });

    private async Task<JsonNode> Channel(string id, object body)
    {
        var response = await Admin.PutAsJsonAsync($"/api/notification-channels/{id}", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    private Task<JsonNode> Webhook(string id, string[]? events = null, string[]? provinces = null, string minSeverity = "minor") => Channel(id, new
    {
        kind = "webhook",
        target = _receiver.Url.ToString(),
        secret = Secret,
        minSeverity,
        events = events ?? ["incidentOpened", "incidentEscalated", "incidentResolved", "readinessNoGo", "phaseChanged"],
        provinces,
    });

    /// <summary>A sitting in preparation whose point has degraded: one open incident, returned with its id.</summary>
    private async Task<(ApiWorld World, string Incident)> DegradedPoint(string province = "Huế")
    {
        var world = await (await new ApiWorld(Admin, province).Create()).MoveTo(_gateway.Client("operator"), "preparing");
        await Heartbeats.Send(_gateway.Client("operator"), world.Point, Heartbeats.Good(1), Heartbeats.Poor(2), Heartbeats.Poor(3), Heartbeats.Poor(4));
        var incidents = await Eventually.Get(
            async () => (await (await _gateway.Client("operator").GetAsync($"/api/incidents?sessionId={world.Session}")).Json()).AsArray(),
            list => list.Count == 1, what: "the incident to be raised");
        return (world, (string)incidents[0]!["id"]!);
    }

    private Task<IReadOnlyList<WebhookReceiver.Received>> Received(string @event, string incident, int count = 1, TimeSpan? within = null) =>
        Eventually.Get(() => Task.FromResult<IReadOnlyList<WebhookReceiver.Received>>(
                _receiver.Requests.Where(r => r.Header("X-SessionOps-Event") == @event && r.Body.Length > 0 &&
                                              (string?)r.Json["incident"]?["id"] == incident).ToArray()),
            list => list.Count >= count, within ?? TimeSpan.FromSeconds(20), $"{count} {@event} for {incident} at the receiver");

    private static void AssertSigned(WebhookReceiver.Received request)
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body));
        Assert.Equal(expected, request.Header("X-SessionOps-Signature"));
    }

    [Fact]
    public async Task An_incident_reaches_the_webhook_signed_with_the_channels_secret_and_says_what_where_and_which_sitting()
    {
        await Webhook("truc-ban");
        var (world, incident) = await DegradedPoint();

        var opened = (await Received("incidentOpened", incident)).Single();
        AssertSigned(opened);
        var body = opened.Json;
        Assert.Equal($"opened-{incident}", (string)body["id"]!);
        Assert.Equal("incidentOpened", (string)body["event"]!);
        Assert.Equal("connectionPoint", (string)body["incident"]!["kind"]!);
        Assert.Equal(world.Point, (string)body["incident"]!["targetId"]!);
        Assert.Equal("Huế", (string)body["incident"]!["province"]!);
        Assert.Equal(world.Session, (string)body["session"]!["id"]!);
        Assert.Equal("Phiên họp toàn thể", (string)body["session"]!["title"]!);
        Assert.Equal("preparing", (string)body["session"]!["phase"]!);
        Assert.Equal(["Huế"], body["provinces"]!.AsArray().Select(p => (string)p!));
        // The phase change that came before it was told too, once, with where it came from (its delivery is its own,
        // and may reach the receiver after the incident's).
        var phases = await Eventually.Get(() => Task.FromResult(_receiver.Requests
                .Where(r => r.Header("X-SessionOps-Event") == "phaseChanged" && (string?)r.Json["session"]?["id"] == world.Session).ToArray()),
            list => list.Length >= 1, TimeSpan.FromSeconds(20), "the phase change at the receiver");
        var phase = Assert.Single(phases);
        AssertSigned(phase);
        Assert.Equal("scheduled", (string)phase.Json["session"]!["previousPhase"]!);

        await _gateway.Client("operator").PostAsJsonAsync($"/api/incidents/{incident}/resolve", new { note = "Đã chuyển đường truyền dự phòng" });
        var resolved = (await Received("incidentResolved", incident)).Single();
        AssertSigned(resolved);
        Assert.Equal("resolved", (string)resolved.Json["incident"]!["state"]!);
        // The webhook hears what happened, never people's notes.
        Assert.DoesNotContain("dự phòng", Encoding.UTF8.GetString(resolved.Body));
    }

    [Fact]
    public async Task A_receiver_that_fails_gets_the_same_notification_again_with_the_same_id_until_it_answers()
    {
        await Webhook("truc-ban");
        _receiver.Answer = 500;
        var (_, incident) = await DegradedPoint();

        var failures = await Received("incidentOpened", incident, count: 3);
        var status = await (await Admin.GetAsync("/api/notification-channels/truc-ban")).Json();
        Assert.True((bool)status["status"]!["failing"]!);
        Assert.Contains("500", (string)status["status"]!["lastFailure"]!);
        Assert.True((int)status["status"]!["pending"]! >= 1);

        _receiver.Answer = 200;
        var all = await Eventually.Get(() => Task.FromResult(_receiver.Requests.Where(r => (string?)r.Json["incident"]?["id"] == incident &&
                r.Header("X-SessionOps-Event") == "incidentOpened").ToArray()),
            list => list.Any(r => r.AnsweredWith == 200), what: "the delivery once the receiver answers");
        Assert.Single(all.Select(r => (string)r.Json["id"]!).Distinct());
        Assert.Single(all.Select(r => Convert.ToBase64String(r.Body)).Distinct());
        Assert.All(all, AssertSigned);
        Assert.Single(all, r => r.AnsweredWith == 200);
        Assert.True(failures.Count >= 3);

        var delivered = await Eventually.Get(async () => await (await Admin.GetAsync("/api/notification-channels/truc-ban")).Json(),
            c => !(bool)c["status"]!["failing"]! && (int)c["status"]!["pending"]! == 0, what: "the channel healthy again");
        Assert.True((int)delivered["status"]!["delivered"]! >= 1);
    }

    [Fact]
    public async Task A_receiver_that_refuses_with_404_is_not_tried_again_and_the_admin_sees_why()
    {
        await Webhook("sai-dia-chi", events: ["incidentOpened"]);
        _receiver.Answer = 404;
        var (_, incident) = await DegradedPoint();

        var channel = await Eventually.Get(async () => await (await Admin.GetAsync("/api/notification-channels/sai-dia-chi")).Json(),
            c => (int)c["status"]!["abandoned"]! == 1, what: "the delivery given up");
        Assert.True((bool)channel["status"]!["failing"]!);
        Assert.Contains("404", (string)channel["status"]!["lastFailure"]!);
        Assert.Equal(0, (int)channel["status"]!["pending"]!);
        // Retries would come every 0.3–1 s here: a second look after several of those finds the one attempt alone.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(_receiver.Requests, r => (string?)r.Json["incident"]?["id"] == incident);
    }

    [Fact]
    public async Task What_is_owed_when_the_gateway_stops_is_delivered_after_it_starts_again()
    {
        await Webhook("truc-ban", events: ["incidentOpened"]);
        _receiver.Answer = 503;
        var (_, incident) = await DegradedPoint();
        await Received("incidentOpened", incident);

        await _gateway.DisposeAsync();
        _receiver.Answer = 200;
        var before = _receiver.Requests.Count;
        _gateway = await StartGateway();

        var delivered = await Eventually.Get(() => Task.FromResult(_receiver.Requests.Skip(before)
                .Where(r => (string?)r.Json["incident"]?["id"] == incident && r.AnsweredWith == 200).ToArray()),
            list => list.Length >= 1, TimeSpan.FromSeconds(30), "the delivery from the restarted Gateway");
        // At least once: a copy still on its way when the first Gateway stopped may come twice, always the same.
        Assert.All(delivered, r => Assert.Equal($"opened-{incident}", (string)r.Json["id"]!));
        Assert.All(delivered, AssertSigned);
    }

    [Fact]
    public async Task An_incident_nobody_acknowledges_escalates_after_EscalateAfter_and_an_acknowledged_one_does_not()
    {
        await Webhook("truc-ban", events: ["incidentOpened", "incidentEscalated"]);
        var (_, forgotten) = await DegradedPoint();
        var (_, taken) = await DegradedPoint("Đà Nẵng");
        var ack = await _gateway.Client("operator").PostAsJsonAsync($"/api/incidents/{taken}/acknowledge", new { note = "Đang gọi" });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);

        var escalated = (await Received("incidentEscalated", forgotten)).First();
        AssertSigned(escalated);
        var body = escalated.Json;
        Assert.Equal($"escalated-{forgotten}", (string)body["id"]!);
        Assert.Equal("open", (string)body["incident"]!["state"]!);
        var waited = DateTimeOffset.Parse((string)body["at"]!) - DateTimeOffset.Parse((string)body["incident"]!["openedAt"]!);
        Assert.True(waited >= EscalateAfter, $"escalated after {waited}");

        // The acknowledged one: looked at once its own time had come (the server's clock says when), and left alone.
        var takenOpened = DateTimeOffset.Parse((string)(await Received("incidentOpened", taken))[0].Json["incident"]!["openedAt"]!);
        var checkedAfter = takenOpened + EscalateAfter + TimeSpan.FromSeconds(2);
        while (DateTimeOffset.UtcNow < checkedAfter)
        {
            await Task.Delay(200);
        }

        Assert.DoesNotContain(_receiver.Requests, r => r.Header("X-SessionOps-Event") == "incidentEscalated" && (string?)r.Json["incident"]?["id"] == taken);
    }

    [Fact]
    public async Task A_provinces_channel_hears_of_its_provinces_incidents_alone()
    {
        await Webhook("ky-thuat-hue", events: ["incidentOpened"], provinces: ["Huế"]);
        var (_, dongNai) = await DegradedPoint("Đồng Nai");
        var (_, hue) = await DegradedPoint("Huế");

        await Received("incidentOpened", hue);
        // Both were raised; the later one arrived, so the earlier one would have too.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(_receiver.Requests, r => (string?)r.Json["incident"]?["id"] == dongNai);
    }

    [Fact]
    public async Task A_channel_from_critical_up_is_not_told_of_a_minor_incident_but_still_of_the_phases_it_asked_for()
    {
        await Webhook("lanh-dao", events: ["incidentOpened", "phaseChanged"], minSeverity: "critical");
        var (world, minor) = await DegradedPoint();

        await Eventually.Get(() => Task.FromResult(_receiver.Requests.Where(r => (string?)r.Json["session"]?["id"] == world.Session &&
            r.Header("X-SessionOps-Event") == "phaseChanged").ToArray()), list => list.Length == 1, what: "the phase change");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(_receiver.Requests, r => (string?)r.Json["incident"]?["id"] == minor);
    }

    [Fact]
    public async Task An_email_channel_gets_the_incident_in_Vietnamese_with_the_console_link_and_its_English_one_click_away()
    {
        await Channel("hop-thu-truc-ban", new { kind = "email", target = "truc.ban@quochoi.test", events = new[] { "incidentOpened" } });
        var (world, incident) = await DegradedPoint();

        var mails = await Eventually.Get(() => Task.FromResult(_smtp.Messages), list => list.Count >= 1, TimeSpan.FromSeconds(20), "the e-mail");
        var (to, message) = mails[0];
        Assert.Equal(["truc.ban@quochoi.test"], to);
        Assert.Equal("[SessionOps] Sự cố thông thường: Đoàn ĐBQH Huế", message.Subject);
        var text = message.TextBody;
        Assert.Contains("Có sự cố mới.", text);
        Assert.Contains("Đối tượng: Đoàn ĐBQH Huế (Huế)", text);
        Assert.Contains("Cuộc họp: Phiên họp toàn thể", text);
        Assert.Contains($"Xem chi tiết: https://sessionops.quochoi.test/operator?session={world.Session}", text);
        Assert.Contains($"English: https://sessionops.quochoi.test/operator?session={world.Session}&lang=en", text);
        Assert.Contains($"opened-{incident}", message.Headers["X-SessionOps-Notification"]);
        Assert.Equal("sessionops@quochoi.test", message.From.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task A_security_finding_at_the_lodging_is_told_without_the_lodgings_name_or_securitys_note()
    {
        const string note = "Phát hiện vật lạ ở hành lang tầng 3";
        await Webhook("truc-ban", events: ["incidentOpened"]);
        await Channel("hop-thu-truc-ban", new { kind = "email", target = "truc.ban@quochoi.test", events = new[] { "incidentOpened" } });
        var world = await new ApiWorld(Admin).Create();

        var sweep = await _gateway.Client("security").PostAsJsonAsync($"/api/venues/{world.Lodging}/sweeps", new { status = "issue", note });
        Assert.True(sweep.IsSuccessStatusCode, await sweep.Content.ReadAsStringAsync());

        var told = await Eventually.Get(() => Task.FromResult(_receiver.Requests.Where(r => (string?)r.Json["incident"]?["kind"] == "security").ToArray()),
            list => list.Length >= 1, what: "the security incident at the receiver");
        var text = Encoding.UTF8.GetString(told[0].Body);
        Assert.Equal("venue", (string)told[0].Json["incident"]!["targetName"]!);
        Assert.DoesNotContain("Nhà khách", text);
        Assert.DoesNotContain(world.Lodging, text);
        Assert.DoesNotContain(note, text);
        var mail = (await Eventually.Get(() => Task.FromResult(_smtp.Messages), list => list.Count >= 1, what: "the e-mail"))[0].Message;
        Assert.Contains("một địa điểm", mail.Subject);
        Assert.DoesNotContain("Nhà khách", mail.Subject + mail.TextBody);
        Assert.DoesNotContain(note, mail.TextBody);
    }

    [Fact]
    public async Task An_incident_that_grows_critical_reaches_the_channel_for_critical_ones_once_and_not_the_channels_that_heard_of_it()
    {
        await Webhook("moi-su-co", events: ["incidentOpened"]);
        await Webhook("nghiem-trong", events: ["incidentOpened"], minSeverity: "critical");
        var world = await (await new ApiWorld(Admin).Create()).MoveTo(_gateway.Client("operator"), "preparing", "ready");
        await world.OverrideToLive();
        var agent = _gateway.Client("operator");
        await Heartbeats.Send(agent, world.Point, Heartbeats.Good(1), Heartbeats.Poor(2), Heartbeats.Poor(3), Heartbeats.Poor(4));
        var incident = (string)(await Eventually.Get(
            async () => (await (await agent.GetAsync($"/api/incidents?sessionId={world.Session}")).Json()).AsArray(),
            list => list.Count == 1, what: "the incident"))[0]!["id"]!;

        await Heartbeats.Send(agent, world.Point, Heartbeats.Dead(5), Heartbeats.Dead(6), Heartbeats.Dead(7));

        var worse = await Eventually.Get(() => Task.FromResult(_receiver.Requests.Where(r => (string)r.Json["id"]! == $"severity-{incident}-critical").ToArray()),
            list => list.Length >= 1, what: "the incident grown critical");
        Assert.Equal("critical", (string)worse[0].Json["severity"]!);
        Assert.Equal("major", (string)worse[0].Json["previousSeverity"]!);
        // The first channel heard of it when it opened (major, live): the worse news goes to the other alone. Each
        // channel has its own copy of the notification; the receiver here is shared, so the count tells.
        Assert.Equal(1, _receiver.Requests.Count(r => (string)r.Json["id"]! == $"opened-{incident}"));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(_receiver.Requests, r => (string)r.Json["id"]! == $"severity-{incident}-critical");
    }

    [Fact]
    public async Task A_mailbox_the_server_refuses_is_given_up_and_shown_failing()
    {
        _smtp.Refused.Add("khong.ton.tai@quochoi.test");
        await Channel("hop-thu-sai", new { kind = "email", target = "khong.ton.tai@quochoi.test", events = new[] { "phaseChanged" } });
        var test = await Admin.PostAsync("/api/notification-channels/hop-thu-sai/test", null);
        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);

        var channel = await Eventually.Get(async () => await (await Admin.GetAsync("/api/notification-channels/hop-thu-sai")).Json(),
            c => (int)c["status"]!["abandoned"]! == 1, what: "the refused mailbox given up");
        Assert.Contains("550", (string)channel["status"]!["lastFailure"]!);
        Assert.Empty(_smtp.Messages);
    }

    [Fact]
    public async Task A_test_message_reaches_the_channel_at_once_and_an_unknown_channel_is_404()
    {
        await Webhook("truc-ban", events: ["incidentResolved"]);

        var queued = await Admin.PostAsync("/api/notification-channels/truc-ban/test", null);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var test = await Eventually.Get(() => Task.FromResult(_receiver.Requests.Where(r => r.Header("X-SessionOps-Event") == "test").ToArray()),
            list => list.Length == 1, what: "the test message");
        AssertSigned(test[0]);
        Assert.StartsWith("test-", (string)test[0].Json["id"]!);

        await (await Admin.PostAsync("/api/notification-channels/khong-co/test", null)).Problem(404);
    }

    [Fact]
    public async Task Channels_that_cannot_work_are_refused_field_by_field_and_nothing_is_saved()
    {
        async Task Refused(string id, object body, params string[] fields)
        {
            var problem = await (await Admin.PutAsJsonAsync($"/api/notification-channels/{id}", body)).Problem(400);
            foreach (var field in fields)
            {
                Assert.True(problem["errors"]![field] is not null, $"{field} in {problem.ToJsonString()}");
            }

            await (await Admin.GetAsync($"/api/notification-channels/{id}")).Problem(404);
        }

        await Refused("kenh-1", new { kind = "pager", target = "x", events = new[] { "incidentOpened" } }, "kind");
        await Refused("kenh-2", new { kind = "webhook", target = "ftp://ops.example.vn/hook", secret = Secret, events = new[] { "incidentOpened" } }, "target");
        await Refused("kenh-3", new { kind = "webhook", target = "https://ops.example.vn/hook", secret = "ngan", events = new[] { "incidentOpened" } }, "secret");
        await Refused("kenh-4", new { kind = "webhook", target = "https://ops.example.vn/hook", events = new[] { "incidentOpened" } }, "secret");
        await Refused("kenh-5", new { kind = "webhook", target = "https://ops.example.vn/hook", secret = Secret, events = new[] { "incidentOpened", "pointOnFire" } }, "events[1]");
        await Refused("kenh-6", new { kind = "email", target = "không phải thư", events = new[] { "incidentOpened" } }, "target");
        await Refused("kenh-7", new { kind = "webhook", target = "https://ops.example.vn/hook", secret = Secret, minSeverity = "huge", events = Array.Empty<string>() },
            "minSeverity", "events");

        await (await _gateway.Client("leadership").PutAsJsonAsync("/api/notification-channels/kenh-8",
            new { kind = "email", target = "a@quochoi.test", events = new[] { "incidentOpened" } })).Problem(403);
        await (await _gateway.Client("operator").GetAsync("/api/notification-channels")).Problem(403);
    }

    [Fact]
    public async Task A_channel_never_shows_its_secret_and_keeps_it_when_a_form_sends_none()
    {
        var created = await Webhook("truc-ban", events: ["incidentOpened"]);
        Assert.True((bool)created["hasSecret"]!);
        Assert.DoesNotContain(Secret, created.ToJsonString());

        var changed = await Channel("truc-ban", new { kind = "webhook", target = _receiver.Url.ToString(), minSeverity = "major", events = new[] { "incidentOpened", "incidentEscalated" } });
        Assert.True((bool)changed["hasSecret"]!);
        Assert.Equal("major", (string)changed["minSeverity"]!);
        await Admin.PostAsync("/api/notification-channels/truc-ban/test", null);
        var test = await Eventually.Get(() => Task.FromResult(_receiver.Requests.Where(r => r.Header("X-SessionOps-Event") == "test").ToArray()),
            list => list.Length == 1, what: "the test message");
        AssertSigned(test[0]);

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync("/api/notification-channels/truc-ban")).StatusCode);
        await (await Admin.GetAsync("/api/notification-channels/truc-ban")).Problem(404);
        Assert.Empty((await (await Admin.GetAsync("/api/notification-channels")).Json()).AsArray());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _receiver.DisposeAsync();
        await _smtp.DisposeAsync();
        _directory.Dispose();
    }
}
