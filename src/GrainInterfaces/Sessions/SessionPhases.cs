namespace SessionOps.Sessions;

/// <summary>The moves a session may make between phases; everything else is a conflict.</summary>
public static class SessionPhases
{
    private static readonly Dictionary<SessionPhase, SessionPhase[]> Forward = new()
    {
        [SessionPhase.Scheduled] = [SessionPhase.Preparing],
        // A failed check sends a ready session back to preparing.
        [SessionPhase.Preparing] = [SessionPhase.Ready],
        [SessionPhase.Ready] = [SessionPhase.Live, SessionPhase.Preparing],
        [SessionPhase.Live] = [SessionPhase.Suspended, SessionPhase.Adjourned],
        [SessionPhase.Suspended] = [SessionPhase.Live, SessionPhase.Adjourned],
        [SessionPhase.Adjourned] = [SessionPhase.Closed],
        // A postponed sitting is given a new date and starts over.
        [SessionPhase.Postponed] = [SessionPhase.Scheduled],
        [SessionPhase.Closed] = [],
        [SessionPhase.Cancelled] = [],
    };

    public static bool IsFinal(SessionPhase phase) => phase is SessionPhase.Closed or SessionPhase.Cancelled;

    /// <summary>Postponing and cancelling must say why.</summary>
    public static bool NeedsReason(SessionPhase to) => to is SessionPhase.Postponed or SessionPhase.Cancelled;

    public static bool CanMove(SessionPhase from, SessionPhase to)
    {
        if (IsFinal(from) || from == to)
        {
            return false;
        }

        if (to is SessionPhase.Cancelled || (to is SessionPhase.Postponed && from is not SessionPhase.Postponed))
        {
            return true;
        }

        return Forward[from].Contains(to);
    }

    /// <summary>The phases a session may move to from <paramref name="from"/>, for error messages.</summary>
    public static SessionPhase[] Allowed(SessionPhase from) =>
        Enum.GetValues<SessionPhase>().Where(to => CanMove(from, to)).ToArray();
}

/// <summary>How many delegates make a sitting quorate when the session does not say.</summary>
public static class Quorums
{
    /// <summary>
    /// A Standing Committee sitting needs at least two thirds of its members (Law on the Organisation of the National
    /// Assembly, art. 60); a plenary sitting and any other meeting more than half of its delegates.
    /// </summary>
    public static int Default(SessionKind kind, int delegates) => delegates == 0
        ? 0
        : kind == SessionKind.StandingCommittee ? (2 * delegates + 2) / 3 : (delegates / 2) + 1;
}
