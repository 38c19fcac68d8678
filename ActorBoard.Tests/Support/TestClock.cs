using System.Globalization;

namespace ActorBoard.Tests.Support;

/// <summary>A clock the test sets by hand (its time and its timestamps), and can make fail once to simulate a fault inside the store.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private volatile bool _failNextRead;

    public static TestClock StartingAt(string isoTime) => new(DateTimeOffset.Parse(isoTime, CultureInfo.InvariantCulture));

    public void Advance(TimeSpan by) => _now += by;

    public void FailNextRead() => _failNextRead = true;

    /// <summary>Elapsed time as the clock was advanced, not as the machine ran.</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _now.UtcTicks;

    public override DateTimeOffset GetUtcNow()
    {
        if (_failNextRead)
        {
            _failNextRead = false;
            throw new ClockFailure();
        }

        return _now;
    }
}

public sealed class ClockFailure() : Exception("The clock failed (simulated fault)");
