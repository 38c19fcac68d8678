namespace ActorBoard.Bench.History;

/// <summary>How big the history benchmark's boards are. Quick mode exists to prove the tool works, not to measure.</summary>
/// <param name="Quick">A short run that proves the tool works.</param>
/// <param name="ResultsFolder">Where the Markdown table goes.</param>
/// <param name="EarlierBuild">
/// The ActorBoard.Server.dll of another build (an earlier commit, built into a folder of its own): its
/// durable posts are measured side by side with this build's before the boards are filled.
/// </param>
public sealed record HistorySettings(bool Quick, string ResultsFolder, string? EarlierBuild = null)
{
    /// <summary>Short messages posted to the big board (wrk's form post, 34 characters each).</summary>
    public long ShortMessages => Quick ? 20_000 : 10_000_000;

    /// <summary>Maximum-length messages (10,000 four-byte characters, 40,000 bytes of UTF-8 each) posted to the long board: over 1 GB in full mode.</summary>
    public int LongMessages => Quick ? 150 : 27_000;

    public TimeSpan Duration => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5);

    public TimeSpan Warmup => Quick ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(3);

    /// <summary>Rounds per scenario, servers (or pages) taking turns; the median counts.</summary>
    public int Rounds => Quick ? 1 : 3;

    /// <summary>Rounds of the posts against the earlier build: single rounds of posts on this machine spread by ±20%, and the target sits 5% below parity.</summary>
    public int ComparisonRounds => Quick ? 1 : 9;

    /// <summary>Longest the history may take to catch up with the journal after seeding.</summary>
    public TimeSpan CatchUpLimit => TimeSpan.FromMinutes(Quick ? 2 : 20);

    public string FilePrefix => Quick ? "history-quick" : "history-latest";
}
