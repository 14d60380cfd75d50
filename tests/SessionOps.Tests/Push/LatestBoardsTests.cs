using Microsoft.Extensions.Time.Testing;
using SessionOps.Boards;
using SessionOps.Gateway.Push;
using SessionOps.Sessions;

namespace SessionOps.Tests.Push;

/// <summary>The Gateway's newest board per session: out-of-order boards dropped, quiet sessions forgotten.</summary>
public sealed class LatestBoardsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 8, 0, 0, TimeSpan.FromHours(7));

    private static SessionBoard Board(string sessionId, long version) =>
        new(sessionId, version, "Phiên họp", SessionKind.Plenary, SessionFormat.Hybrid, SessionPhase.Live, At, At.AddHours(3),
            new BoardReadiness("go", 100),
            new BoardConnectionPoints(0, 0, 0, 0, 0, 0, []),
            new BoardAttendance(0, 0, 0, 0, 0, new BoardQuorum(0, 0, false)),
            new BoardSecurity(0, 0, 0, 0), new BoardIncidents(0, 0), At, null);

    [Fact]
    public void A_board_older_than_one_already_offered_is_dropped()
    {
        var latest = new LatestBoards(new FakeTimeProvider(At));

        Assert.True(latest.Offer(Board("s1", 5)));
        Assert.False(latest.Offer(Board("s1", 4)));
        Assert.False(latest.Offer(Board("s1", 5)));
        Assert.True(latest.Offer(Board("s1", 6)));
        Assert.Equal(6, latest.Newest(Board("s1", 3)).Version);
    }

    [Fact]
    public void A_session_not_pushed_nor_asked_about_for_a_day_is_forgotten_and_one_still_in_use_is_kept()
    {
        var clock = new FakeTimeProvider(At);
        var latest = new LatestBoards(clock);
        latest.Offer(Board("yesterday", 9));
        latest.Offer(Board("today", 3));
        latest.Offer(Board("watched", 5));
        clock.Advance(TimeSpan.FromHours(20));
        latest.Offer(Board("today", 4));
        // A quiet sitting whose screens are still subscribed: asked about, not pushed.
        Assert.Equal(5, latest.Newest(Board("watched", 5)).Version);

        clock.Advance(TimeSpan.FromHours(5));
        latest.Offer(Board("new", 1));

        Assert.Equal(3, latest.Count);
        Assert.False(latest.Offer(Board("watched", 4)));
        Assert.False(latest.Offer(Board("today", 4)));
        // Forgotten: its next board is taken as the first.
        Assert.True(latest.Offer(Board("yesterday", 2)));
    }
}
