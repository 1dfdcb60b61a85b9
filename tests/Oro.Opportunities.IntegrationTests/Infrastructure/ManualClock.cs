namespace Oro.Opportunities.IntegrationTests.Infrastructure;

/// <summary>
/// The app's clock for tests of time windows: it starts at the real time and stands still until the
/// test moves it. Replaces the <see cref="TimeProvider"/> the app registers; timers stay real.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private long ticks = DateTimeOffset.UtcNow.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
