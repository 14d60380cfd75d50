namespace SessionOps.Benchmarks;

/// <summary>How big and how long each part of the benchmark is. The full run must stay under 10 minutes on 2 cores.</summary>
public sealed record Settings(
    bool Quick,
    TimeSpan Warmup,
    TimeSpan Step,
    int SinglePoints,
    double[] SingleHz,
    int BatchPoints,
    double[] BatchHz,
    int BatchSize,
    int SustainedPoints,
    TimeSpan Sustained,
    int[] PushClientCounts,
    int PushChanges,
    int[] ScalePoints,
    int PointsPerSession)
{
    public static readonly Settings Full = new(
        Quick: false,
        Warmup: TimeSpan.FromSeconds(1.5),
        Step: TimeSpan.FromSeconds(4),
        SinglePoints: 1_000,
        SingleHz: [1, 4, 8, 16, 32, 64],
        BatchPoints: 10_000,
        BatchHz: [1, 4, 8, 16, 32, 64],
        BatchSize: 100,
        SustainedPoints: 10_000,
        Sustained: TimeSpan.FromSeconds(15),
        PushClientCounts: [10, 100, 1_000],
        PushChanges: 100,
        ScalePoints: [1_000, 10_000],
        PointsPerSession: 50);

    /// <summary>Seconds per step, fewer steps, smaller sets: to try the program while developing, not to quote.</summary>
    public static readonly Settings QuickRun = new(
        Quick: true,
        Warmup: TimeSpan.FromSeconds(0.5),
        Step: TimeSpan.FromSeconds(2),
        SinglePoints: 500,
        SingleHz: [2, 8, 32, 64],
        BatchPoints: 2_000,
        BatchHz: [5, 20, 80],
        BatchSize: 100,
        SustainedPoints: 2_000,
        Sustained: TimeSpan.FromSeconds(3),
        PushClientCounts: [10, 100, 1_000],
        PushChanges: 20,
        ScalePoints: [500, 2_000],
        PointsPerSession: 50);

    public int IngestPoints => Math.Max(SinglePoints, Math.Max(BatchPoints, SustainedPoints));
}
