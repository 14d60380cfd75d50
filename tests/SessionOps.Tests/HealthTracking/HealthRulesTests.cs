using SessionOps.ConnectionPoints;

namespace SessionOps.Tests.HealthTracking;

using Health = SessionOps.ConnectionPoints.LinkHealth;

public sealed class HealthRulesTests
{
    private static readonly HealthOptions Options = new();

    private static Heartbeat Sample(double latency = 60, double jitter = 5, double loss = 0.2, double bitrate = 2000, bool audio = true, bool video = true) =>
        new(1, DateTimeOffset.UtcNow, latency, jitter, loss, bitrate, audio, video);

    [Fact]
    public void A_clean_link_is_online() => Assert.Equal(Health.Online, LinkHealthRules.Rate(Sample(), Options));

    [Theory]
    [InlineData(300, 5, 0.2, 2000, true, true)]
    [InlineData(60, 41, 0.2, 2000, true, true)]
    [InlineData(60, 5, 3, 2000, true, true)]
    [InlineData(60, 5, 0.2, 200, true, true)]
    [InlineData(60, 5, 0.2, 2000, false, true)]
    [InlineData(60, 5, 0.2, 2000, true, false)]
    public void Each_threshold_on_its_own_degrades(double latency, double jitter, double loss, double bitrate, bool audio, bool video) =>
        Assert.Equal(Health.Degraded, LinkHealthRules.Rate(Sample(latency, jitter, loss, bitrate, audio, video), Options));

    [Theory]
    [InlineData(60, 30, true, true)]
    [InlineData(60, 0.2, false, false)]
    public void Neither_sound_nor_picture_or_an_unusable_loss_is_offline(double latency, double loss, bool audio, bool video) =>
        Assert.Equal(Health.Offline, LinkHealthRules.Rate(Sample(latency, loss: loss, audio: audio, video: video), Options));

    [Fact]
    public void The_first_heartbeat_of_a_point_never_heard_counts_at_once()
    {
        var tracker = new HealthTracker(Health.Unknown);
        Assert.True(tracker.Observe(Health.Degraded, Options));
        Assert.Equal(Health.Degraded, tracker.Current);
    }

    [Fact]
    public void One_bad_heartbeat_does_not_flap_an_online_point()
    {
        var tracker = new HealthTracker(Health.Online);
        Health[] flapping = [Health.Degraded, Health.Online, Health.Degraded, Health.Degraded, Health.Online, Health.Offline, Health.Online];

        Assert.All(flapping, rated => Assert.False(tracker.Observe(rated, Options)));
        Assert.Equal(Health.Online, tracker.Current);
    }

    [Fact]
    public void A_run_of_bad_heartbeats_degrades_and_a_longer_run_of_good_ones_recovers()
    {
        var tracker = new HealthTracker(Health.Online);
        Assert.False(tracker.Observe(Health.Degraded, Options));
        Assert.False(tracker.Observe(Health.Degraded, Options));
        Assert.True(tracker.Observe(Health.Degraded, Options));
        Assert.Equal(Health.Degraded, tracker.Current);

        for (var i = 1; i < Options.BetterAfterSamples; i++)
        {
            Assert.False(tracker.Observe(Health.Online, Options));
        }

        Assert.True(tracker.Observe(Health.Online, Options));
        Assert.Equal(Health.Online, tracker.Current);
    }

    [Fact]
    public void A_run_that_mixes_worse_ratings_moves_to_the_latest()
    {
        var tracker = new HealthTracker(Health.Online);
        tracker.Observe(Health.Offline, Options);
        tracker.Observe(Health.Degraded, Options);
        Assert.True(tracker.Observe(Health.Offline, Options));
        Assert.Equal(Health.Offline, tracker.Current);
    }

    [Fact]
    public void Silence_is_offline_at_once_and_the_first_heartbeat_after_it_is_degraded_until_proven()
    {
        var tracker = new HealthTracker(Health.Online);
        Assert.True(tracker.Silent());
        Assert.Equal(Health.Offline, tracker.Current);

        Assert.True(tracker.Observe(Health.Online, Options));
        Assert.Equal(Health.Degraded, tracker.Current);
    }

    [Fact]
    public void A_link_offline_by_its_own_heartbeats_needs_a_run_of_better_ones_to_leave_offline()
    {
        var tracker = new HealthTracker(Health.Online);
        for (var i = 0; i < Options.WorseAfterSamples; i++)
        {
            tracker.Observe(Health.Offline, Options);
        }

        Assert.Equal(Health.Offline, tracker.Current);
        for (var i = 1; i < Options.BetterAfterSamples; i++)
        {
            Assert.False(tracker.Observe(Health.Online, Options));
        }

        // One bad heartbeat in the run starts it again: a link that hovers at the threshold stays offline.
        Assert.False(tracker.Observe(Health.Offline, Options));
        for (var i = 1; i < Options.BetterAfterSamples; i++)
        {
            Assert.False(tracker.Observe(Health.Degraded, Options));
        }

        Assert.True(tracker.Observe(Health.Online, Options));
        Assert.Equal(Health.Degraded, tracker.Current);
    }
}
