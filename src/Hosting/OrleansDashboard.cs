using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SessionOps.Hosting;

/// <summary>
/// The Orleans Dashboard (<c>/dashboard</c> on a Gateway, admins only): silos, grains, activations, reminders and
/// counters for the people who run the cluster. <c>Dashboard:Enabled</c>; silos and Gateways agree.
/// </summary>
public static class OrleansDashboard
{
    public const string Route = "/dashboard";

    /// <summary>
    /// On in the cluster unless turned off; off in the embedded default unless turned on. Idle, it held about 78 MB of
    /// a one-machine install's 315 MB (its assets unpacked in memory, its counters every second; docs/benchmarks.md),
    /// where the one silo is in plain sight anyway; a cluster's operators need it to see where grains live.
    /// </summary>
    public static bool Enabled(IConfiguration configuration, bool embedded) =>
        configuration.GetValue<bool?>("Dashboard:Enabled") ?? !embedded;

    /// <summary>
    /// The dashboard's per-method profiler is a filter on every incoming grain call, and a filter in the chain costs
    /// every call even while the profiler is idle: measured from outside, the heartbeat routes lost 6–13 %
    /// with it (docs/benchmarks.md). It is left out unless <c>Dashboard:Profiling</c> is true, for a diagnosis; the
    /// rest of the dashboard costs the heartbeat path no more than the measurement's noise.
    /// </summary>
    public static void LeaveOutProfilerUnlessAsked(IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue("Dashboard:Profiling", false))
        {
            return;
        }

        var dashboard = typeof(Orleans.Dashboard.DashboardOptions).Assembly;
        var profiler = services.Where(d => d.ServiceType == typeof(IIncomingGrainCallFilter) &&
                                           (d.ImplementationType ?? d.ImplementationInstance?.GetType())?.Assembly == dashboard).ToArray();
        if (profiler.Length == 0)
        {
            // A later package that registers its filter otherwise must not bring the cost back unnoticed.
            throw new InvalidOperationException("The Orleans Dashboard's grain call filter was not found to leave out; see OrleansDashboard.");
        }

        foreach (var descriptor in profiler)
        {
            services.Remove(descriptor);
        }
    }

    /// <summary>
    /// The dashboard's options: its log stream (the whole process's log in a browser, for up to an hour) only with
    /// <c>Dashboard:Trace</c>.
    /// </summary>
    public static void Configure(Orleans.Dashboard.DashboardOptions options, IConfiguration configuration) =>
        options.HideTrace = !configuration.GetValue("Dashboard:Trace", false);
}
