using SessionOps.Security;

namespace SessionOps.Delegates;

/// <summary>
/// What a sitting's board knows of a delegate: the name, the delegation, and the standing of the route (never where
/// it goes, nor where the delegate lodges).
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionOps.DelegateSummary")]
public sealed record DelegateSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Delegation,
    [property: Id(3)] RouteSummary? Route);

/// <summary>
/// Every delegate's summary in one place, so that a board loads its sitting's delegates with one call rather than two
/// per delegate. It holds no state of its own: it reads the delegates and their routes when it wakes, and both tell it
/// of every change after (awaited, so that a change it missed fails the request that made it, which is then repeated).
/// </summary>
[Alias("SessionOps.IDelegateDirectoryGrain")]
public interface IDelegateDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "all";

    /// <summary>The summaries of those of <paramref name="ids"/> that are delegates, in the order asked.</summary>
    Task<DelegateSummary[]> Of(string[] ids);

    Task DelegateDefined(DelegateRecord record);

    Task RouteChanged(RouteSummary route);
}
