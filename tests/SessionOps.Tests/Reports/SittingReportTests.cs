using SessionOps.ConnectionPoints;
using SessionOps.Incidents;
using SessionOps.Readiness;
using SessionOps.Reports;
using SessionOps.Sessions;

namespace SessionOps.Tests.Reports;

/// <summary>The report computed from a scripted record: every figure is known in advance to the second.</summary>
public sealed class SittingReportTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 8, 0, 0, TimeSpan.FromHours(7));

    private static DateTimeOffset At(int minutes) => Start.AddMinutes(minutes);

    private static readonly Session Sitting = new("ky-hop", "Kỳ họp: phiên toàn thể", SessionKind.Plenary, SessionFormat.Hybrid, "hall",
        Start, Start.AddHours(3), ["doan-hue", "doan-da-nang"], ["d1", "d2", "d3"], null, SessionPhase.Closed, null, [], Start);

    private static SittingEvent Phase(int minute, SessionPhase from, SessionPhase to, bool @override = false, string? reason = null) =>
        SittingEvent.PhaseMoved(new PhaseChange(from, to, At(minute), "Nguyễn Văn Quản Trị", reason, @override));

    private static SittingEvent Health(int minute, string id, LinkHealth from, LinkHealth to) =>
        SittingEvent.HealthOf(new ConnectionPoint(id, $"Đoàn ĐBQH {id}", "Huế", ConnectionPointKind.ProvincialDelegation, to, null, At(minute)), from, At(minute));

    private static SittingEvent IncidentAt(int minute, IncidentState state) =>
        new(SittingEventKind.Incident, At(minute), TargetId: "doan-hue", To: EnumText.Camel(state), IncidentKind: IncidentKind.ConnectionPoint,
            Severity: IncidentSeverity.Major, IncidentId: "inc-1");

    /// <summary>
    /// Live from 8:10 to 9:10 with a suspension 8:40–8:50 (still running), adjourned 9:10, closed 9:20. Huế online at
    /// going live, offline 8:20–8:30, degraded 8:30–8:35, online again; Đà Nẵng never heard. One incident opened 8:20,
    /// acknowledged 8:22, resolved 8:35. Readiness went go at 7:30, before its 7:45 deadline; quorum (2 of 3) at 8:15.
    /// </summary>
    private static readonly SittingEvent[] Record =
    [
        SittingEvent.ReadinessAt(ReadinessState.Pending, 50, At(-40)),
        SittingEvent.ReadinessAt(ReadinessState.Go, 100, At(-30)),
        Phase(-60, SessionPhase.Scheduled, SessionPhase.Preparing),
        Phase(-20, SessionPhase.Preparing, SessionPhase.Ready),
        Phase(10, SessionPhase.Ready, SessionPhase.Live, @override: true, reason: "Chủ tọa quyết định khai mạc"),
        Health(10, "doan-hue", LinkHealth.Online, LinkHealth.Online),
        SittingEvent.Present(1, 2, At(12)),
        SittingEvent.Present(2, 2, At(15)),
        Health(20, "doan-hue", LinkHealth.Online, LinkHealth.Offline),
        IncidentAt(20, IncidentState.Open),
        IncidentAt(22, IncidentState.Acknowledged),
        Health(30, "doan-hue", LinkHealth.Offline, LinkHealth.Degraded),
        Health(35, "doan-hue", LinkHealth.Degraded, LinkHealth.Online),
        IncidentAt(35, IncidentState.Resolved),
        SittingEvent.Present(3, 2, At(36)),
        Phase(40, SessionPhase.Live, SessionPhase.Suspended, reason: "Mất tín hiệu điểm cầu"),
        Phase(50, SessionPhase.Suspended, SessionPhase.Live),
        Phase(70, SessionPhase.Live, SessionPhase.Adjourned),
        Phase(80, SessionPhase.Adjourned, SessionPhase.Closed),
        // After closing: no part of the report.
        Health(90, "doan-hue", LinkHealth.Online, LinkHealth.Offline),
    ];

    [Fact]
    public void A_scripted_sitting_gives_its_actual_times_phases_and_readiness_on_time()
    {
        var report = SittingReports.Compute(Sitting, Record, deadline: At(-15), now: At(200));

        Assert.Equal(ReportStatus.Final, report.Status);
        Assert.Equal(At(10), report.ActualStart);
        Assert.Equal(At(70), report.ActualEnd);
        Assert.Equal(At(80), report.AsOf);
        Assert.Equal(["preparing", "ready", "live", "suspended", "live", "adjourned", "closed"], report.Phases.Select(p => p.Phase));
        var overridden = Assert.Single(report.Phases, p => p.Override);
        Assert.Equal("Chủ tọa quyết định khai mạc", overridden.Reason);
        Assert.Equal(new ReportReadiness(At(-15), At(-30), true), report.Readiness);
        Assert.Equal(new ReportAttendance(3, At(15)), report.Attendance);
    }

    [Fact]
    public void Availability_outages_and_incident_times_are_measured_over_the_time_the_sitting_ran()
    {
        var report = SittingReports.Compute(Sitting, Record, deadline: At(-15), now: At(200));

        // Ran 8:10–9:10 (an hour, the suspension included). Huế: offline 10 min, degraded 5 min, so available 50 of 60.
        var hue = report.ConnectionPoints.Single(p => p.Id == "doan-hue");
        Assert.Equal("Đoàn ĐBQH doan-hue", hue.Name);
        Assert.Equal(600, hue.OfflineSeconds);
        Assert.Equal(300, hue.DegradedSeconds);
        Assert.Equal(83.33, hue.AvailabilityPct);
        Assert.Equal([new ReportOutage(At(20), At(30), "offline"), new ReportOutage(At(30), At(35), "degraded")], hue.Outages);

        // Đà Nẵng was never heard: unknown the whole time counts as offline.
        var daNang = report.ConnectionPoints.Single(p => p.Id == "doan-da-nang");
        Assert.Equal(0, daNang.AvailabilityPct);
        Assert.Equal(3600, daNang.OfflineSeconds);
        Assert.Equal([new ReportOutage(At(10), At(70), "offline")], daNang.Outages);

        var incident = Assert.Single(report.Incidents);
        Assert.Equal((At(20), At(22), At(35), 120L, 900L),
            (incident.OpenedAt, incident.AcknowledgedAt, incident.ResolvedAt, incident.SecondsToAcknowledge, incident.SecondsToResolve));
    }

    [Fact]
    public void A_sitting_that_never_went_live_says_it_has_not_started_and_measures_nothing()
    {
        var report = SittingReports.Compute(Sitting with { Phase = SessionPhase.Ready }, Record.Take(4).ToArray(), deadline: At(-15), now: At(-10));

        Assert.Equal(ReportStatus.NotStarted, report.Status);
        Assert.Null(report.ActualStart);
        Assert.Empty(report.ConnectionPoints);
    }

    [Fact]
    public void A_sitting_still_live_is_measured_up_to_now_and_readiness_reached_after_the_deadline_is_late()
    {
        SittingEvent[] record = [SittingEvent.ReadinessAt(ReadinessState.Go, 100, At(-5)), .. Record.Skip(2).Take(7)];

        var report = SittingReports.Compute(Sitting with { Phase = SessionPhase.Live }, record, deadline: At(-15), now: At(25));

        Assert.Equal(ReportStatus.Running, report.Status);
        Assert.False(report.Readiness.OnTime);
        var hue = report.ConnectionPoints.Single(p => p.Id == "doan-hue");
        Assert.Equal(300, hue.OfflineSeconds);
        Assert.Equal(66.67, hue.AvailabilityPct);
    }
}
