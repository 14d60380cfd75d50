using Orleans.Concurrency;

namespace SessionOps.Sessions;

/// <summary>
/// The kỳ họp (plenary session) a sitting belongs to, and its đợt (round) when the kỳ họp is split in rounds
/// ("chia 02 đợt"): "Kỳ họp thứ 10, đợt 2".
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionOps.PlenaryRef")]
public sealed record PlenaryRef(
    [property: Id(0)] int Number,
    [property: Id(1)] int? Round = null);

/// <summary>Where a sitting falls in its kỳ họp: "Kỳ họp thứ 10, đợt 2, ngày 3" (the third day of sittings of the round).</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.PlenaryDay")]
public sealed record PlenaryDay(
    [property: Id(0)] int Number,
    [property: Id(1)] int? Round,
    [property: Id(2)] int Day);

[GenerateSerializer, Immutable, Alias("SessionOps.PlenarySittingDay")]
public sealed record PlenarySittingDay(
    [property: Id(0)] int Day,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] string[] SessionIds);

[GenerateSerializer, Immutable, Alias("SessionOps.PlenaryRound")]
public sealed record PlenaryRound(
    [property: Id(0)] int? Round,
    [property: Id(1)] DateOnly From,
    [property: Id(2)] DateOnly To,
    [property: Id(3)] PlenarySittingDay[] Days);

/// <summary>A kỳ họp as the calendar shows it: its rounds, and in each the days with sittings, numbered from 1.</summary>
[GenerateSerializer, Immutable, Alias("SessionOps.PlenaryOutline")]
public sealed record PlenaryOutline(
    [property: Id(0)] int Number,
    [property: Id(1)] PlenaryRound[] Rounds);

/// <summary>
/// One kỳ họp (key: its number), spanning weeks: which sittings belong to it, in which round, on which days. It
/// numbers the days of each round so that a board can say "đợt 2, ngày 3", and tells the boards whose day moved.
/// </summary>
[Alias("SessionOps.IPlenarySessionGrain")]
public interface IPlenarySessionGrain : IGrainWithStringKey
{
    /// <summary>The sitting belongs to this kỳ họp, in <paramref name="round"/>, on <paramref name="days"/>.</summary>
    Task File(string sessionId, int? round, DateOnly[] days);

    /// <summary>The sitting no longer belongs to this kỳ họp.</summary>
    Task Remove(string sessionId);

    [AlwaysInterleave]
    Task<PlenaryOutline> Get();

    /// <summary>Where the sitting falls, or null when it is not filed here.</summary>
    [AlwaysInterleave]
    Task<PlenaryDay?> DayOf(string sessionId);
}
