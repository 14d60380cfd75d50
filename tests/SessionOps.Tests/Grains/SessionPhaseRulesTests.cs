using SessionOps.Sessions;

namespace SessionOps.Tests.Grains;

public sealed class SessionPhaseRulesTests
{
    [Theory]
    [InlineData(SessionPhase.Scheduled, SessionPhase.Preparing)]
    [InlineData(SessionPhase.Preparing, SessionPhase.Ready)]
    [InlineData(SessionPhase.Ready, SessionPhase.Live)]
    [InlineData(SessionPhase.Ready, SessionPhase.Preparing)]
    [InlineData(SessionPhase.Live, SessionPhase.Suspended)]
    [InlineData(SessionPhase.Suspended, SessionPhase.Live)]
    [InlineData(SessionPhase.Live, SessionPhase.Adjourned)]
    [InlineData(SessionPhase.Suspended, SessionPhase.Adjourned)]
    [InlineData(SessionPhase.Adjourned, SessionPhase.Closed)]
    [InlineData(SessionPhase.Live, SessionPhase.Postponed)]
    [InlineData(SessionPhase.Adjourned, SessionPhase.Cancelled)]
    [InlineData(SessionPhase.Postponed, SessionPhase.Scheduled)]
    [InlineData(SessionPhase.Postponed, SessionPhase.Cancelled)]
    public void The_contract_allows(SessionPhase from, SessionPhase to) => Assert.True(SessionPhases.CanMove(from, to));

    [Theory]
    [InlineData(SessionPhase.Scheduled, SessionPhase.Live)]
    [InlineData(SessionPhase.Scheduled, SessionPhase.Ready)]
    [InlineData(SessionPhase.Preparing, SessionPhase.Live)]
    [InlineData(SessionPhase.Live, SessionPhase.Closed)]
    [InlineData(SessionPhase.Adjourned, SessionPhase.Live)]
    [InlineData(SessionPhase.Closed, SessionPhase.Cancelled)]
    [InlineData(SessionPhase.Closed, SessionPhase.Postponed)]
    [InlineData(SessionPhase.Cancelled, SessionPhase.Scheduled)]
    [InlineData(SessionPhase.Postponed, SessionPhase.Postponed)]
    [InlineData(SessionPhase.Live, SessionPhase.Scheduled)]
    public void The_contract_forbids(SessionPhase from, SessionPhase to) => Assert.False(SessionPhases.CanMove(from, to));

    [Fact]
    public void Only_postponing_and_cancelling_need_a_reason() =>
        Assert.Equal(
            [SessionPhase.Postponed, SessionPhase.Cancelled],
            Enum.GetValues<SessionPhase>().Where(SessionPhases.NeedsReason));
}
