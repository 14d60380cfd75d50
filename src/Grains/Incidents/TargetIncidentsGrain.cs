namespace SessionOps.Incidents;

[GenerateSerializer, Alias("SessionOps.TargetIncidentsState")]
public sealed class TargetIncidentsState
{
    /// <summary>How many incidents this target has had for the cause; the newest is <c>inc-{key}-{Generation}</c>.</summary>
    [Id(0)] public int Generation { get; set; }
}

/// <summary>
/// Raises the incident of one target for one cause in one sitting, or answers the one still unresolved. The next
/// generation is written before its incident is opened: a retry after a failure in between opens the same id again
/// (opening is idempotent), never a second incident.
/// </summary>
public sealed class TargetIncidentsGrain(
    [PersistentState("targetIncidents", StorageNames.Main)] IPersistentState<TargetIncidentsState> state) : Grain, ITargetIncidentsGrain
{
    private string Key => this.GetPrimaryKeyString();

    public async Task<Incident> Raise(IncidentOpening opening)
    {
        if (state.State.Generation > 0)
        {
            var current = GrainFactory.GetGrain<IIncidentGrain>(IncidentKeys.IncidentId(Key, state.State.Generation));
            switch (await current.Get())
            {
                case { State: not IncidentState.Resolved } unresolved:
                    return unresolved;
                case null:
                    // Written, never opened (the silo failed in between): open it now, under the same id.
                    return await current.Open(opening);
            }
        }

        state.State.Generation++;
        await state.WriteStateAsync();
        return await GrainFactory.GetGrain<IIncidentGrain>(IncidentKeys.IncidentId(Key, state.State.Generation)).Open(opening);
    }
}
