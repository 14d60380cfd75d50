using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SessionOps.Hosting;

/// <summary>
/// The Orleans Dashboard (<c>/dashboard</c> on a Gateway, admins only): silos, grains, activations, reminders and
/// counters for the people who run the cluster. On unless <c>Dashboard:Enabled</c> is false; silos and Gateways agree.
/// </summary>
public static class OrleansDashboard
{
    public const string Route = "/dashboard";

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue("Dashboard:Enabled", true);

    /// <summary>
    /// The dashboard's per-method profiler is a filter on every incoming grain call, and a filter in the chain costs
    /// every call even while the profiler is idle: measured from outside, the batch heartbeat route lost 15–20 %
    /// with it (docs/benchmarks.md). It is left out unless <c>Dashboard:Profiling</c> is true, for a diagnosis; the
    /// rest of the dashboard costs the heartbeat path no more than the measurement's noise.
    /// </summary>
    public static void LeaveOutProfilerUnlessAsked(IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue("Dashboard:Profiling", false))
        {
            return;
        }

        var profiler = services.Where(d => d.ServiceType == typeof(IIncomingGrainCallFilter) &&
                                           d.ImplementationType?.FullName == "Orleans.Dashboard.Implementation.GrainProfilerFilter").ToArray();
        foreach (var descriptor in profiler)
        {
            services.Remove(descriptor);
        }
    }
}
