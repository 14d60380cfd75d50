using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using SessionOps.Boards;
using SessionOps.Incidents;
using SessionOps.Journals;
using SessionOps.Readiness;
using SessionOps.Venues;

namespace SessionOps.Security;

[GenerateSerializer, Alias("SessionOps.VenueSweepState")]
public sealed class VenueSweepState : IKeptHistory<SecurityCheck>
{
    /// <summary>The latest sweeps (<see cref="KeptHistory.KeptCount"/>); the journal has them all, but for those in Unjournaled.</summary>
    [Id(0)] public List<SecurityCheck> Sweeps { get; set; } = [];

    [Id(1)] public bool SweepsJournaled { get; set; }

    [Id(2)] public List<SecurityCheck> Unjournaled { get; set; } = [];

    List<SecurityCheck> IKeptHistory<SecurityCheck>.Kept { get => Sweeps; set => Sweeps = value; }

    bool IKeptHistory<SecurityCheck>.KeptJournaled { get => SweepsJournaled; set => SweepsJournaled = value; }
}

/// <summary>
/// The security sweeps of one venue. A sweep is recorded here, and as the sweep item of the checklist of every sitting
/// that uses the venue and runs within the sweep's validity, tomorrow morning's included (clear passes it, an issue fails it); an issue raises a security incident.
/// </summary>
public sealed class VenueSweepGrain(
    [PersistentState("sweeps", StorageNames.Main)] IPersistentState<VenueSweepState> state,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<SecurityOptions> options,
    IEventJournal journal,
    Serializer serializer,
    ILogger<VenueSweepGrain> logger) : Grain, IVenueSweepGrain
{
    private string Id => this.GetPrimaryKeyString();

    private KeptHistory<VenueSweepState, SecurityCheck> Recorded => new(state, journal, serializer, $"sweeps/{Id}", logger);

    public async Task<SweepOutcome> Sweep(SecurityCheckStatus status, string? note, Actor by, string? requestId = null)
    {
        if (await GrainFactory.GetGrain<IVenueGrain>(Id).Get() is not { } venue)
        {
            return new(CommandResult.NotFound($"There is no venue '{Id}'."), null);
        }

        // A repeat of a recorded request is not recorded again here nor on the checklists (the request id goes with
        // it); the incidents it raises are raised once whatever the number of attempts.
        var sweep = state.State.Sweeps.LastOrDefault(s => requestId is not null && s.RequestId == requestId);
        if (sweep is null)
        {
            sweep = new SecurityCheck(status, note, by.Name, clock.GetUtcNow(), requestId);
            await Recorded.Record(sweep);
        }

        var counted = new List<string>();
        foreach (var session in await SittingsAhead.Within(GrainFactory, clock, options.Value.SweepValidity))
        {
            var readiness = GrainFactory.GetGrain<IReadinessGrain>(session.Id);
            if (await readiness.OwnerOf(CheckTarget.Venue, Id, ReadinessOptions.SecuritySweep) is null)
            {
                continue;
            }

            var checkStatus = status == SecurityCheckStatus.Clear ? CheckStatus.Pass : CheckStatus.Fail;
            var outcome = await readiness.Record(new CheckRequest(CheckTarget.Venue, Id, ReadinessOptions.SecuritySweep, checkStatus, note, by, requestId));
            if (outcome.Result.IsOk)
            {
                counted.Add(session.Id);
            }

            if (status == SecurityCheckStatus.Issue)
            {
                var opening = new IncidentOpening(
                    session.Id, IncidentKind.Security, IncidentSeverity.Major, "venue", Id, venue.Name, Health: null, AffectedDelegates: 0,
                    $"The security sweep of {venue.Name} found an issue.", Cause: IncidentCause.Issue);
                var incident = await GrainFactory.GetGrain<ITargetIncidentsGrain>(IncidentKeys.Of(opening)).Raise(opening);
                _ = GrainFactory.GetGrain<ISessionBoardGrain>(session.Id).IncidentChanged(incident.AsShown());
            }
        }

        return new(CommandResult.Ok, new VenueSweep(Id, sweep, [.. counted]));
    }

    public Task<SecurityCheck[]> History() => Recorded.All();
}
