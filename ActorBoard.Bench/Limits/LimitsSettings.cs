namespace ActorBoard.Bench.Limits;

/// <summary>How long and how big the limits benchmark runs. Quick mode exists to prove the tool works, not to measure.</summary>
public sealed record LimitsSettings(bool Quick, string ResultsFolder)
{
    public TimeSpan Duration => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5);

    public TimeSpan Warmup => Quick ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(3);

    /// <summary>Rounds per scenario, the two servers taking turns; the median counts.</summary>
    public int Rounds => Quick ? 1 : 5;

    /// <summary>Made-up board names a GET loop asks for.</summary>
    public int MadeUpNames => 1000;

    /// <summary>Maximum-length messages (10,000 four-byte characters each) the slow readers' backlog holds.</summary>
    public int LongMessages => Quick ? 10 : 200;

    /// <summary>Live readers reading the backlog slowly, all at once.</summary>
    public int SlowReaders => Quick ? 5 : 50;

    /// <summary>How long the slow readers read, the server's memory sampled every second.</summary>
    public TimeSpan SlowReadFor => Quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(30);

    public string FilePrefix => Quick ? "limits-quick" : "limits-latest";
}
