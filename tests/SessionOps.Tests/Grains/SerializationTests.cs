using Orleans.Serialization;
using SessionOps.Accounts;
using SessionOps.Boards;
using SessionOps.Operations;
using SessionOps.Readiness;
using SessionOps.Reports;
using SessionOps.Catalogs;
using SessionOps.Incidents;
using SessionOps.ConnectionPoints;
using SessionOps.Delegates;
using SessionOps.Sessions;
using SessionOps.Venues;
using SessionOps.Tests.Infrastructure;

namespace SessionOps.Tests.Grains;

/// <summary>Every message and state type survives Orleans' serializer, the one that writes grain state too.</summary>
public sealed class SerializationTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(7));

    public static TheoryData<object> Values() =>
    [
        CommandResult.Invalid("name", "name is required."),
        new Actor("Nguyễn Văn A", "admin"),
        new VenueSpec("Hội trường Diên Hồng", VenueKind.Hall, "Số 1 Độc Lập"),
        new Venue("dien-hong", "Hội trường Diên Hồng", VenueKind.Hall, null, At),
        new ConnectionPointSpec("Đoàn ĐBQH Huế", "Huế", ConnectionPointKind.ProvincialDelegation),
        new ConnectionPoint("doan-hue", "Đoàn ĐBQH Huế", "Huế", ConnectionPointKind.ProvincialDelegation, LinkHealth.Degraded, At, At),
        new DelegateSpec("Lê Thị D", "Huế", "nha-khach"),
        new DelegateRecord("d1", "Lê Thị D", "Huế", null, At),
        new DelegateSummary("d1", "Lê Thị D", "Huế",
            new SessionOps.Security.RouteSummary("d1", SessionOps.Security.RouteStatus.Clear, At, SessionOps.Security.SecurityCheckStatus.Clear)),
        new SessionSpec("Kỳ họp", SessionKind.Plenary, SessionFormat.Hybrid, "hall", At, At.AddHours(3), ["a", "b"], ["d"], 1),
        new PhaseRequest(SessionPhase.Postponed, "Bão", true, new Actor("A", "admin")),
        new PhaseChange(SessionPhase.Live, SessionPhase.Suspended, At, "A", "Mất tín hiệu", false),
        new Session("s", "Kỳ họp", SessionKind.Plenary, SessionFormat.Hybrid, "hall", At, At.AddHours(3), ["a"], ["d"], null,
            SessionPhase.Live, null, [SessionHistoryEntry.Of(new PhaseChange(SessionPhase.Ready, SessionPhase.Live, At, "A", null, false))], At),
        new ScheduleChange(At, "A", At, At.AddHours(3), At.AddDays(1), At.AddDays(1).AddHours(3), "Lùi một ngày"),
        SessionHistoryEntry.Of(new ScheduleChange(At, "A", At, At.AddHours(3), At.AddDays(1), At.AddDays(1).AddHours(3), "Lùi")),
        new RescheduleRequest(At, At.AddHours(2), "Lùi", new Actor("A", "operator")),
        new SessionState { Spec = new("T", SessionKind.Other, SessionFormat.Online, "h", At, At.AddHours(1), [], [], null),
            Reschedules = [new ScheduleChange(At, "A", At, At.AddHours(1), At.AddHours(2), At.AddHours(3), "Lùi")] },
        new AffectedDelegate("d1", "Lê Thị D"),
        new TargetIncidentsState { Generation = 3 },
        new IncidentOpening("s", IncidentKind.Security, IncidentSeverity.Major, "route", "d1", "Lê Thị D", null, 1, "issue",
            [new AffectedDelegate("d1", "Lê Thị D")], IncidentCause.Issue),
        new SessionState { Spec = new("T", SessionKind.Other, SessionFormat.Online, "h", At, At.AddHours(1), [], [], null), Phase = SessionPhase.Ready },
        new VenueState { Spec = new("V", VenueKind.Dining, null), UpdatedAt = At },
        new CatalogState { Ids = ["a", "b"] },
        new Heartbeat(42, At, 60.5, 4, 0.3, 2048, true, false),
        new HeartbeatReceipt(true, 3, 1),
        new SampleBucket(At, 5, 300, 40, 3, 512, false, true, LinkHealth.Degraded),
        new ConnectionPointState { Spec = new("P", "Huế", ConnectionPointKind.Central), Health = LinkHealth.Offline, LastSeq = 9, Sessions = ["s"] },
        new IncidentOpening("s", IncidentKind.ConnectionPoint, IncidentSeverity.Major, "connectionPoint", "p", "Điểm cầu", LinkHealth.Offline, 12, "12 delegates"),
        new IncidentObservation(LinkHealth.Online, IncidentSeverity.Critical, 3, "back"),
        new Incident("inc-1", "s", IncidentKind.ConnectionPoint, IncidentSeverity.Critical, IncidentState.Acknowledged, "connectionPoint", "p", "Điểm cầu",
            LinkHealth.Offline, 12, "12 delegates", At, null, At, "A", null, null, null, [new IncidentEvent(At, "opened", null, "x")],
            [new AffectedDelegate("d1", "Lê Thị D")]),
        new IncidentGrainState { Incident = null },
        new IncidentGrainState { Incident = null, HistoryJournaled = true, Steps = 61 },
        new JournaledIncidentStep(60, new IncidentEvent(At, "recovered", null, "back")),
        new PointChange("s", "p", "Điểm cầu", "Huế", LinkHealth.Degraded, LinkHealth.Online, 400, 50, 5, 700, true, true, At, At, 12),
        new SessionBoard("s", 7, "Kỳ họp", SessionKind.Plenary, SessionFormat.Hybrid, SessionPhase.Live, At, At.AddHours(3),
            new BoardReadiness("pending", 40),
            new BoardConnectionPoints(1, 0, 1, 0, 0, 12, [new BoardPoint("p", "Điểm cầu", "Huế", ConnectionPointKind.ProvincialDelegation, LinkHealth.Degraded, 12, At)]),
            new BoardAttendance(500, 300, 150, 10, 5, new BoardQuorum(251, 450, true)),
            new BoardSecurity(400, 500, 6, 9), new BoardIncidents(2, 1), At, "Bão"),
        new Heartbeat(43, At, 61, 4, 0.3, 2048, true, true, "boot-2"),
        new ConnectionPointState { Spec = new("P", "Huế", ConnectionPointKind.Central), BootId = "boot-2", PastBoots = ["boot-1"] },
        new LiveFigures("p", "Huế", LinkHealth.Online, At, At, 61, 4, 0.3, null, true, false,
            [new SampleBucket(At, 5, 300, 40, 3, 512, false, true, LinkHealth.Degraded)]),
        new ReadinessItem(CheckTarget.Venue, "nha-khach", "Nhà khách", "securitySweep", true, CheckOwner.Security, CheckStatus.Pass, "A", At, "ghi chú",
            Private: true),
        new Actor("Nguyễn Văn A", "admin", "admin-1"),
        new UserSpec("Lê Văn Kỹ Thuật", UserRole.Operator, ["Huế"]),
        new UserRecord("ktv", "Lê Văn Kỹ Thuật", UserRole.Operator, ["Huế"], false, true, At, At, At),
        new UserCredentials(new UserRecord("ktv", "K", UserRole.Admin, [], true, false, At, At, null), "AQAAAAIAAYagAAAAE"),
        new UserChange(CommandResult.Ok, ["abc"]),
        new UserState { Spec = new("K", UserRole.Security, []), PasswordHash = "h", Disabled = true, Sessions = new() { ["s"] = At } },
        new SignedInPrincipal(PrincipalKind.Display, "display-1", "Màn hình", UserRole.Leadership, [], "display"),
        new WebSessionStart(new SignedInPrincipal(PrincipalKind.User, "u", "U", UserRole.Admin, [], "password"), TimeSpan.FromHours(12), TimeSpan.FromDays(7)),
        new WebSessionState { Principal = new(PrincipalKind.User, "u", "U", UserRole.Admin, ["Huế"], "oidc"), StartedAt = At, IdleExpiresAt = At, EndsAt = At, Ended = true },
        new DisplayRecord("display-1", "Màn hình", At, "A", At, true),
        new DisplayState { Display = new DisplayRecord("d", "D", At, "A", null, false), SecretHash = "x", Sessions = ["s1"] },
        new AgentKeyInfo("0123456789ab", At, At),
        new AgentKeyEntry("0123456789ab", "hash", At),
        new AgentKeysState { Keys = [new AgentKeyEntry("k", "h", At)], LastUsed = new() { ["k"] = At } },
        new SignInAllowance(false, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15)),
        new SignInThrottleSettings(3, 10, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)),
        new AccessRevocation(["s1"], ["k1"]),
        new DataProtectionKeysState { Keys = new() { ["key-1"] = "<key/>" } },
        new StoredResponse(200, "application/json", [1, 2, 3], At),
        new RequestBegun(RequestStart.Done, new StoredResponse(201, null, [], At)),
        new IdempotentRequestState { RequestHash = "h", Response = new StoredResponse(200, "text/plain", [65], At) },
        new PointContact("Trần Văn Kỹ (kỹ thuật viên)", "0234 3822 123", "kythuat.hue@quochoi.vn"),
        new ConnectionPointSpec("Đoàn ĐBQH Huế", "Huế", ConnectionPointKind.ProvincialDelegation,
            [new PointContact("Trần Văn Kỹ", "0234 3822 123", null)], "Đường truyền 4G dự phòng"),
        new ConnectionPoint("doan-hue", "Đoàn ĐBQH Huế", "Huế", ConnectionPointKind.ProvincialDelegation, LinkHealth.Online, At, At,
            Contacts: [new PointContact("Trần Văn Kỹ", null, "kythuat.hue@quochoi.vn")], Backup: "4G"),
        new PlenaryRef(10, 2),
        new PlenaryDay(10, 2, 3),
        new PlenaryOutline(10, [new PlenaryRound(2, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 3),
            [new PlenarySittingDay(1, new DateOnly(2026, 12, 1), ["ky-hop-1", "ky-hop-1-chieu"])])]),
        new PlenarySessionState { Sittings = new() { ["ky-hop-1"] = new PlenaryFiling(2, [new DateOnly(2026, 12, 1)]) } },
        new SessionSpec("Kỳ họp", SessionKind.Plenary, SessionFormat.Hybrid, "hall", At, At.AddHours(3), [], [], null, PlenarySession: new PlenaryRef(10, 2)),
        new DefinePreview(DefineOutcome.Updated, CommandResult.Invalid("hallVenueId", "There is no venue 'x'.")),
        new SessionBoard("s", 7, "Kỳ họp", SessionKind.Plenary, SessionFormat.Hybrid, SessionPhase.Scheduled, At, At.AddHours(3),
            new BoardReadiness("pending", 0), new BoardConnectionPoints(0, 0, 0, 0, 0, 0, []),
            new BoardAttendance(0, 0, 0, 0, 0, new BoardQuorum(1, 0, false)), new BoardSecurity(0, 0, 0, 0), new BoardIncidents(0, 0), null,
            Plenary: new PlenaryDay(10, 2, 3)),
        SittingEvent.PhaseMoved(new PhaseChange(SessionPhase.Ready, SessionPhase.Live, At, "A", "Khai mạc", true)),
        new SittingEvent(SittingEventKind.Incident, At, TargetId: "p", To: "acknowledged", IncidentKind: IncidentKind.ConnectionPoint,
            Severity: IncidentSeverity.Major, IncidentId: "inc-1"),
        new BoardEpochState { Epoch = 7 },
        new HealthTransition(At, LinkHealth.Online, LinkHealth.Degraded),
        new DelegateState { Spec = new DelegateSpec("Lê Thị D", "Huế", "nha-khach"), UpdatedAt = At },
        new StorageProbeState { Unused = 1 },
        new SessionOps.Push.PushRegistryState(),
        new ReadinessGrainState
        {
            Checks = [new ReadinessCheck(CheckTarget.ConnectionPoint, "p", "dryRun", CheckStatus.Pass, "A", At, "ổn", "req-1")],
            DeadlineHandled = At,
            Latest = [new ReadinessCheck(CheckTarget.ConnectionPoint, "p", "dryRun", CheckStatus.Pass, "A", At, "ổn", "req-1")],
            ChecksJournaled = true,
        },
        new CheckOutcome(CommandResult.Ok, new SessionReadiness("s", ReadinessState.NoGo, 50,
            [new ReadinessItem(CheckTarget.ConnectionPoint, "p", "Điểm cầu", "dryRun", true, CheckOwner.Technical, CheckStatus.Fail, "A", At, null)],
            ["p/dryRun"], At)),
        new CheckRequest(CheckTarget.Venue, "hall", "securitySweep", CheckStatus.Waived, "Đã kiểm tra hôm qua", new Actor("B", "security"), "req-2"),
        new SessionOps.Security.AttendanceState
        {
            Marks = [new SessionOps.Security.AttendanceMark("d1", SessionOps.Security.AttendanceStatus.Online, "p", "A", At, "req-3")],
            Latest = new() { ["d1"] = new SessionOps.Security.AttendanceMark("d1", SessionOps.Security.AttendanceStatus.Online, "p", "A", At, "req-3") },
            MarksJournaled = true,
        },
        new SessionOps.Security.AuditLogState
        {
            Entries = [new SessionOps.Security.AuditEntry(At, "A", "security", "route.read", "delegate", "d1", null, "u1")],
        },
        new SessionOps.Security.DelegateRouteState
        {
            Spec = new SessionOps.Security.RouteSpec("hall", [new SessionOps.Security.Waypoint("Cổng phía Tây", 21.03, 105.83)]),
            UpdatedAt = At, UpdatedBy = "A",
            Checks = [new SessionOps.Security.SecurityCheck(SessionOps.Security.SecurityCheckStatus.Issue, "Đường cấm", "B", At, "req-4")],
        },
        new SessionOps.Security.DelegateRoute("d1", "hall", [new SessionOps.Security.Waypoint("Cổng", null, null)], SessionOps.Security.RouteStatus.Issue,
            new SessionOps.Security.SecurityCheck(SessionOps.Security.SecurityCheckStatus.Issue, null, "B", At), At, "A", []),
        new SessionOps.Security.RouteSummary("d1", SessionOps.Security.RouteStatus.Clear, At, SessionOps.Security.SecurityCheckStatus.Clear),
        new SessionOps.Security.SweepOutcome(CommandResult.Ok, new SessionOps.Security.VenueSweep("hall",
            new SessionOps.Security.SecurityCheck(SessionOps.Security.SecurityCheckStatus.Clear, null, "B", At), ["s"])),
        new SessionOps.Security.VenueSweepState
        {
            Sweeps = [new SessionOps.Security.SecurityCheck(SessionOps.Security.SecurityCheckStatus.Clear, null, "B", At, "req-5")],
        },
        new SessionOps.Notifications.NotificationChannelState
        {
            Channel = new SessionOps.Notifications.NotificationChannel("c1",
                new SessionOps.Notifications.ChannelSpec(SessionOps.Notifications.ChannelKind.Webhook, "https://hooks.quochoi.test/a", "bí mật",
                    IncidentSeverity.Major, [SessionOps.Notifications.NotificationEvent.IncidentOpened], ["Huế"]),
                new SessionOps.Notifications.ChannelStatus(At, null, null, 3, 0, 0), At, "A"),
        },
        new SessionOps.Notifications.NotificationOutboxState
        {
            Deliveries =
            [
                new SessionOps.Notifications.PendingDelivery("c1", new SessionOps.Notifications.Notification("n1",
                    SessionOps.Notifications.NotificationEvent.IncidentOpened, At, IncidentSeverity.Critical, ["Huế"],
                    new SessionOps.Notifications.NotifiedSession("s", "Kỳ họp", SessionKind.Plenary, SessionPhase.Live, At, SessionPhase.Ready, "Lý do", 90, 1),
                    new SessionOps.Notifications.NotifiedIncident("inc-1", IncidentKind.ConnectionPoint, IncidentSeverity.Critical, IncidentState.Open,
                        "connectionPoint", "p", "Điểm cầu", "Mất kết nối", 12, At, null, null, "s", "Huế"),
                    IncidentSeverity.Major), At, At.AddSeconds(30), 2, At),
            ],
            Watches = [new SessionOps.Notifications.EscalationWatch("inc-1", At.AddMinutes(5))],
            Recent = ["n0"],
        },
        new FinalReportState
        {
            Report = new SittingReport("s", "Kỳ họp", SessionKind.Plenary, At, At.AddHours(3), At, At.AddHours(2),
                [new ReportPhase("live", At, "A", null, true)], new ReportReadiness(At, null, false),
                [new ReportPoint("p", "Điểm cầu", "Huế", 98.5, 30, 60, [new ReportOutage(At, At.AddMinutes(1), "offline")])],
                [new ReportIncident("inc-1", IncidentKind.ConnectionPoint, IncidentSeverity.Major, "p", At, At, null, 0, null)],
                new ReportAttendance(300, At), ReportStatus.Final, At.AddHours(2), 7200.5),
        },
        new MonthlyReportState
        {
            Sittings = new()
            {
                ["s"] = new SittingSummary("s", "Kỳ họp", SessionKind.Plenary, At, 7200.5,
                    [new PointTally("p", "Điểm cầu", "Huế", 7200.5, 7000, 200)], [new IncidentTally(IncidentKind.ConnectionPoint, "p", 30, 600)], true),
            },
        },
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void Round_trips_through_the_orleans_serializer(object value)
    {
        var serializer = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<object>(serializer.SerializeToArray(value));

        Assert.NotNull(copy);
        Assert.Equal(value.GetType(), copy.GetType());
        Assert.Equal(Json(value), Json(copy));
    }

    /// <summary>The request ids kept on histories are not shown (so not in the JSON compared above) but must be stored.</summary>
    [Fact]
    public void Request_ids_kept_on_histories_survive_the_serializer()
    {
        var serializer = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<Serializer>();
        T Copy<T>(T value) => serializer.Deserialize<T>(serializer.SerializeToArray(value))!;

        Assert.Equal("r1", Copy(new ReadinessCheck(CheckTarget.Venue, "v", "securitySweep", CheckStatus.Pass, "A", At, null, "r1")).RequestId);
        Assert.Equal("r2", Copy(new SessionOps.Security.SecurityCheck(SessionOps.Security.SecurityCheckStatus.Clear, null, "A", At, "r2")).RequestId);
        Assert.Equal("r3", Copy(new SessionOps.Security.AttendanceMark("d", SessionOps.Security.AttendanceStatus.InHall, null, "A", At, "r3")).RequestId);
        Assert.Equal("r4", Copy(new CheckRequest(CheckTarget.Venue, "v", "securitySweep", CheckStatus.Pass, null, new Actor("A", "security"), "r4")).RequestId);
    }

    /// <summary>A state or message type added without a sample here would go untested: each must have one, alone or inside another.</summary>
    [Fact]
    public void Every_serializable_type_of_the_grains_and_their_interfaces_has_a_sample_here()
    {
        var sampled = new HashSet<Type>();
        foreach (var row in (IEnumerable<object[]>)Values())
        {
            Reach(row[0], sampled, depth: 0);
        }

        var missing = new[] { typeof(ConnectionPoint).Assembly, typeof(SessionOps.ConnectionPoints.ConnectionPointGrain).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsDefined(typeof(GenerateSerializerAttribute), inherit: false) && !t.IsAbstract && !t.IsEnum)
            .Where(t => !sampled.Contains(t))
            .Select(t => t.FullName)
            .Order()
            .ToArray();
        Assert.True(missing.Length == 0, "No sample of: " + string.Join(", ", missing));
    }

    private static void Reach(object? value, HashSet<Type> reached, int depth)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || depth > 8)
        {
            return;
        }

        if (value is System.Collections.IEnumerable items)
        {
            foreach (var item in items)
            {
                Reach(item is System.Collections.DictionaryEntry entry ? entry.Value : item, reached, depth + 1);
            }

            if (value.GetType().IsGenericType && value.GetType().GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                foreach (var item in (System.Collections.IDictionary)value)
                {
                    Reach(((System.Collections.DictionaryEntry)item).Value, reached, depth + 1);
                }
            }

            return;
        }

        if (!reached.Add(value.GetType()))
        {
            return;
        }

        foreach (var property in value.GetType().GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.CanRead)
            {
                Reach(property.GetValue(value), reached, depth + 1);
            }
        }
    }

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value, value.GetType());
}
