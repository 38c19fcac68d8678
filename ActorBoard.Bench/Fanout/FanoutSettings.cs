namespace ActorBoard.Bench.Fanout;

/// <summary>How many live readers the fan-out benchmark opens and how it posts. Quick mode proves the tool works, not a measurement.</summary>
public sealed record FanoutSettings(bool Quick, string ResultsFolder)
{
    /// <summary>Reader counts measured, each on a server started afresh.</summary>
    public IReadOnlyList<int> ReaderCounts => Quick ? [200] : [1_000, 10_000];

    /// <summary>Posts delivered before measuring (5 s of them), so the measured ones do not pay for the JIT tiers.</summary>
    public int WarmupPosts => Quick ? 2 : 20;

    /// <summary>Posts measured: one every <see cref="PostInterval"/>, each delivered to every reader.</summary>
    public int MeasuredPosts => Quick ? 5 : 40;

    /// <summary>A steady chat: four posts a second, whatever the delivery is doing.</summary>
    public TimeSpan PostInterval => TimeSpan.FromMilliseconds(250);

    /// <summary>Readers connecting at once while the benchmark opens them.</summary>
    public int ConnectConcurrency => 64;

    /// <summary>Longest wait for every reader to be subscribed, and for every delivery after the last post.</summary>
    public TimeSpan Patience => TimeSpan.FromSeconds(120);

    /// <summary>The goal from the issue: p99 from a post's acknowledgement to its last reader, at the largest reader count.</summary>
    public TimeSpan LastReaderTarget => TimeSpan.FromMilliseconds(250);

    public string FilePrefix => Quick ? "fanout-quick" : "fanout-latest";
}
