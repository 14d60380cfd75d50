using System.Diagnostics;

namespace SessionOps.Benchmarks;

/// <summary>Percentiles by sorting (no histogram library), and the process's CPU and memory.</summary>
public static class Measure
{
    public static double Ms(long fromTimestamp, long toTimestamp) => (toTimestamp - fromTimestamp) * 1000.0 / Stopwatch.Frequency;

    public static (double P50, double P99, double Max) Percentiles(List<double> samples)
    {
        if (samples.Count == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        var sorted = samples.ToArray();
        Array.Sort(sorted);
        return (At(sorted, 0.50), At(sorted, 0.99), sorted[^1]);
    }

    private static double At(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>CPU time of this process between two samples, as a share of all cores over the wall time.</summary>
    public readonly record struct CpuSample(TimeSpan Cpu, long Timestamp)
    {
        public static CpuSample Now()
        {
            using var process = Process.GetCurrentProcess();
            return new CpuSample(process.TotalProcessorTime, Stopwatch.GetTimestamp());
        }

        public double PercentSince(CpuSample start) =>
            (Cpu - start.Cpu).TotalMilliseconds / Ms(start.Timestamp, Timestamp) / Environment.ProcessorCount * 100;
    }

    public static double WorkingSetMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / 1024.0 / 1024.0;
    }

    public static double HeapMb(bool collect = false) => GC.GetTotalMemory(collect) / 1024.0 / 1024.0;

    /// <summary>The managed heap after full, compacting collections: what is really held.</summary>
    public static long SettledHeapBytes()
    {
        // Let what was just released (deactivations, connection buffers) be released before measuring.
        Thread.Sleep(1000);
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
