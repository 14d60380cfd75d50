using SessionOps.Gateway.DemoData;
using SessionOps.Sessions;
using SessionOps.Venues;

namespace SessionOps.Tests.Operations;

/// <summary>The demo data looks like the Office's month (seed 004: 218 meetings), and its people like a real parliament's.</summary>
public sealed class DemoMonthTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    public static TheoryData<DateOnly> Days() => [new DateOnly(2026, 12, 2), new DateOnly(2027, 2, 27), new DateOnly(2027, 5, 31)];

    [Theory]
    [MemberData(nameof(Days))]
    public void The_month_holds_about_ten_meetings_a_working_day_of_every_kind_and_today_and_tomorrow_have_a_sitting_to_run(DateOnly today)
    {
        var month = DemoMonth.Of(today);
        var working = Enumerable.Range(1, DateTime.DaysInMonth(today.Year, today.Month)).Select(d => new DateOnly(today.Year, today.Month, d))
            .Count(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

        Assert.InRange(month.Count, working * 8, working * 11);
        Assert.Equal(month.Count, month.Select(s => s.Id).Distinct().Count());
        foreach (var kind in Enum.GetValues<SessionKind>())
        {
            Assert.Contains(month, s => s.Spec.Kind == kind);
        }

        foreach (var day in new[] { today, today.AddDays(1) })
        {
            foreach (var (id, _) in DemoDataSet.SessionsOn(day))
            {
                Assert.Contains(month, s => s.Id == id);
            }
        }

        Assert.All(month.Where(s => s.Spec.Kind == SessionKind.StandingCommittee && s.Id.StartsWith("ubtvqh-phien-", StringComparison.Ordinal)), s =>
        {
            Assert.Equal(DemoDataSet.MeetingRoomId, s.Spec.HallVenueId);
            Assert.InRange(s.Spec.ScheduledEnd - s.Spec.ScheduledStart, TimeSpan.FromHours(3), TimeSpan.FromDays(3));
        });
    }

    [Fact]
    public void The_ky_hop_runs_in_two_rounds_and_some_meetings_are_postponed_moved_or_cancelled_each_with_its_reason()
    {
        var month = DemoMonth.Of(Today);

        var rounds = month.Where(s => s.Spec.PlenarySession is not null).GroupBy(s => s.Spec.PlenarySession!.Round).Select(g => g.Key).Order().ToArray();
        Assert.Equal([1, 2], rounds.Select(r => r ?? 0));
        Assert.Contains(month, s => s.Disruption?.Phase == SessionPhase.Postponed && s.Disruption.Reason.Length > 10);
        Assert.Contains(month, s => s.Disruption?.Phase == SessionPhase.Cancelled && s.Disruption.Reason.Length > 10);
        Assert.Contains(month, s => s.Disruption is { Phase: null, MovedBy: not null } && s.Disruption.Reason.Length > 10);
        // The days to run stay as they are.
        Assert.DoesNotContain(month, s => s.Disruption is not null && ParliamentTime.DayOf(s.Spec.ScheduledStart) is var day && (day == Today || day == Today.AddDays(1)));
    }

    [Fact]
    public void The_month_has_exactly_the_one_double_booked_room_it_means_to_show()
    {
        var month = DemoMonth.Of(Today);
        var held = month.Where(s => s.Disruption?.Phase is not (SessionPhase.Postponed or SessionPhase.Cancelled)).Select(s =>
            new Session(s.Id, s.Spec.Title, s.Spec.Kind, s.Spec.Format, s.Spec.HallVenueId,
                s.Spec.ScheduledStart + (s.Disruption?.MovedBy ?? TimeSpan.Zero), s.Spec.ScheduledEnd + (s.Disruption?.MovedBy ?? TimeSpan.Zero),
                s.Spec.ConnectionPointIds, s.Spec.DelegateIds, null, SessionPhase.Scheduled, null, [], default));

        var conflict = Assert.Single(SittingConflicts.Find(held));
        Assert.Equal(ConflictKind.Hall, conflict.Kind);
        Assert.Contains(conflict.SessionIds, id => id.EndsWith("-dat-trung", StringComparison.Ordinal));
    }

    [Fact]
    public void Delegates_have_distinct_names_whose_middle_name_agrees_with_the_given_name_and_Ho_Chi_Minh_City_is_the_largest_delegation()
    {
        var delegates = DemoDataSet.Delegates();

        Assert.Equal(500, delegates.Count);
        Assert.Equal(delegates.Count, delegates.Select(d => d.Spec.Name).Distinct().Count());
        var largest = delegates.GroupBy(d => d.Spec.Delegation).OrderByDescending(g => g.Count()).First();
        Assert.Equal("Thành phố Hồ Chí Minh", largest.Key);

        string[] femaleGivens = ["Chi", "Giang", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Nga", "Thảo", "Trang", "Vân", "Yến", "Thủy", "Hằng", "Huyền", "Nhung", "Oanh", "Loan", "Quyên"];
        string[] maleGivens = ["Dũng", "Hùng", "Long", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Trung", "Tuấn", "Cường", "Tùng", "Đạt"];
        foreach (var (_, spec) in delegates)
        {
            var parts = spec.Name.Split(' ');
            Assert.False(parts.Contains("Văn") && femaleGivens.Contains(parts[^1]), $"{spec.Name}: Văn with a woman's name");
            Assert.False(parts.Contains("Thị") && maleGivens.Contains(parts[^1]), $"{spec.Name}: Thị with a man's name");
        }

        // Delegates of the ethnic minorities, by their own naming customs (H'Mông's "A", Ê Đê's "Y" and "H'").
        Assert.Contains(delegates, d => d.Spec.Name.Split(' ') is [_, "A", _]);
        Assert.Contains(delegates, d => d.Spec.Name.StartsWith("Y ", StringComparison.Ordinal) || d.Spec.Name.StartsWith("H'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_delegation_lodges_together_and_every_address_names_a_ward_of_the_2025_reform_and_no_district()
    {
        foreach (var delegation in DemoDataSet.Delegates().GroupBy(d => d.Spec.Delegation))
        {
            Assert.Single(delegation.Select(d => d.Spec.LodgingVenueId).Distinct());
        }

        Assert.All(DemoDataSet.Venues.Where(v => v.Spec.Address is not null), v =>
        {
            Assert.Contains("phường", v.Spec.Address!, StringComparison.Ordinal);
            Assert.DoesNotContain("quận", v.Spec.Address!, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Contains(DemoDataSet.Venues, v => v.Id == DemoDataSet.MeetingRoomId && v.Spec.Kind == VenueKind.MeetingRoom && v.Spec.Name.Contains("Tân Trào"));
        Assert.All(DemoDataSet.ConnectionPoints(), p => Assert.NotEmpty(p.Spec.AllContacts));
    }
}
