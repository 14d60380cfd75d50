using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using SessionOps.Boards;
using SessionOps.Delegates;
using SessionOps.Incidents;
using SessionOps.Journals;
using SessionOps.Venues;

namespace SessionOps.Security;

[GenerateSerializer, Alias("SessionOps.DelegateRouteState")]
public sealed class DelegateRouteState : IKeptHistory<SecurityCheck>
{
    [Id(0)] public RouteSpec? Spec { get; set; }
    [Id(1)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(2)] public string UpdatedBy { get; set; } = "";

    /// <summary>The latest checks (<see cref="KeptHistory.KeptCount"/>); the journal has them all, but for those in Unjournaled.</summary>
    [Id(3)] public List<SecurityCheck> Checks { get; set; } = [];

    [Id(4)] public bool ChecksJournaled { get; set; }

    [Id(5)] public List<SecurityCheck> Unjournaled { get; set; } = [];

    List<SecurityCheck> IKeptHistory<SecurityCheck>.Kept { get => Checks; set => Checks = value; }

    bool IKeptHistory<SecurityCheck>.KeptJournaled { get => ChecksJournaled; set => ChecksJournaled = value; }
}

/// <summary>
/// A delegate's route and its checks, kept apart from the delegate so that nothing about it can leave with the
/// delegate's public view. A check holds for <see cref="SecurityOptions.RouteCheckValidity"/>, and only for the route as
/// it was when checked: a changed route is unchecked again.
/// </summary>
public sealed class DelegateRouteGrain(
    [PersistentState("route", StorageNames.Main)] IPersistentState<DelegateRouteState> state,
    TimeProvider clock,
    IOptions<SecurityOptions> options,
    IEventJournal journal,
    Serializer serializer,
    ILogger<DelegateRouteGrain> logger) : Grain, IDelegateRouteGrain
{
    private string Id => this.GetPrimaryKeyString();

    private KeptHistory<DelegateRouteState, SecurityCheck> Recorded => new(state, journal, serializer, $"route-checks/{Id}", logger);

    public async Task<CommandResult> Define(RouteSpec spec, Actor by)
    {
        if (await GrainFactory.GetGrain<IDelegateGrain>(Id).Get() is null)
        {
            return CommandResult.NotFound($"There is no delegate '{Id}'.");
        }

        if (await GrainFactory.GetGrain<IVenueGrain>(spec.DestinationVenueId).Get() is null)
        {
            return CommandResult.Invalid("destinationVenueId", $"There is no venue '{spec.DestinationVenueId}'.");
        }

        if (state.State.Spec is { } current && current.SameAs(spec))
        {
            // A repeat: what followed the first may not have been done (the directory's note failed the request).
            await Announce();
            return CommandResult.Ok;
        }

        var previous = (state.State.Spec, state.State.UpdatedAt, state.State.UpdatedBy);
        (state.State.Spec, state.State.UpdatedAt, state.State.UpdatedBy) = (spec, clock.GetUtcNow(), by.Name);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (state.State.Spec, state.State.UpdatedAt, state.State.UpdatedBy) = previous;
            throw;
        }

        await Announce();
        return CommandResult.Ok;
    }

    public Task<DelegateRoute?> Get()
    {
        if (state.State.Spec is not { } spec)
        {
            return Task.FromResult<DelegateRoute?>(null);
        }

        var summary = Summary()!;
        return Task.FromResult<DelegateRoute?>(new DelegateRoute(
            Id, spec.DestinationVenueId, spec.Waypoints, summary.Status, CurrentChecks().LastOrDefault(),
            state.State.UpdatedAt, state.State.UpdatedBy, [.. state.State.Checks]));
    }

    public Task<SecurityCheck[]> History() => Recorded.All();

    public Task<RouteSummary?> GetSummary() => Task.FromResult(Summary());

    public async Task<CommandResult> Check(SecurityCheckStatus status, string? note, Actor by, string? requestId = null)
    {
        if (state.State.Spec is null)
        {
            return CommandResult.NotFound($"Delegate '{Id}' has no route to check.");
        }

        // A repeat of a recorded request is not recorded again; what followed it (the boards told, the incident
        // raised, both idempotent) is done again, in case the first attempt stopped before it.
        if (!RepeatedRequests.AlreadyIn(state.State.Checks, c => c.RequestId, requestId))
        {
            await Recorded.Record(new SecurityCheck(status, note, by.Name, clock.GetUtcNow(), requestId));
        }

        var sessions = await Announce();
        if (status == SecurityCheckStatus.Issue)
        {
            await RaiseIncidents(sessions);
        }

        return CommandResult.Ok;
    }

    /// <summary>Checks of the route as it is now: a check of an earlier route does not hold for a changed one.</summary>
    private IEnumerable<SecurityCheck> CurrentChecks() => state.State.Checks.Where(c => c.At >= state.State.UpdatedAt);

    private RouteSummary? Summary()
    {
        if (state.State.Spec is null)
        {
            return null;
        }

        var last = CurrentChecks().LastOrDefault();
        var status = last switch
        {
            null => RouteStatus.Unchecked,
            _ when clock.GetUtcNow() - last.At > options.Value.RouteCheckValidity => RouteStatus.Expired,
            { Status: SecurityCheckStatus.Clear } => RouteStatus.Clear,
            _ => RouteStatus.Issue,
        };
        return new RouteSummary(Id, status, last?.At, last?.Status);
    }

    /// <summary>
    /// Tells the delegates' directory, which boards load from, and the boards of the sittings within a check's validity
    /// that have this delegate; they pass it to security's screens only.
    /// </summary>
    private async Task<Sessions.Session[]> Announce()
    {
        var summary = Summary()!;
        await GrainFactory.GetGrain<IDelegateDirectoryGrain>(IDelegateDirectoryGrain.Key).RouteChanged(summary);
        var sessions = (await SittingsAhead.Within(GrainFactory, clock, options.Value.RouteCheckValidity)).Where(s => s.DelegateIds.Contains(Id)).ToArray();
        foreach (var session in sessions)
        {
            _ = GrainFactory.GetGrain<ISessionBoardGrain>(session.Id).RouteChanged(summary);
        }

        return sessions;
    }

    /// <summary>The incident names the delegate, never the route: incidents are read by every role.</summary>
    private async Task RaiseIncidents(Sessions.Session[] sessions)
    {
        var person = await GrainFactory.GetGrain<IDelegateGrain>(Id).Get();
        var name = person is null ? Id : $"{person.Name} ({person.Delegation})";
        foreach (var session in sessions)
        {
            var opening = new IncidentOpening(
                session.Id, IncidentKind.Security, IncidentSeverity.Major, "route", Id, name, Health: null, AffectedDelegates: 1,
                $"Security reported an issue on the route of delegate {name}.", Cause: IncidentCause.Issue);
            var incident = await GrainFactory.GetGrain<ITargetIncidentsGrain>(IncidentKeys.Of(opening)).Raise(opening);
            _ = GrainFactory.GetGrain<ISessionBoardGrain>(session.Id).IncidentChanged(incident.AsShown());
        }
    }
}
