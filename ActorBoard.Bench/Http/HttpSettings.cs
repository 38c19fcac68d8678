namespace ActorBoard.Bench.Http;

/// <summary>How long and how big the HTTP benchmark runs. Quick mode exists to prove the tool works, not to measure.</summary>
public sealed record HttpSettings(bool Quick, string ResultsFolder)
{
    public TimeSpan Duration => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5);

    public TimeSpan Warmup => Quick ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(3);

    /// <summary>
    /// Each scenario runs this many rounds, the servers taking turns, and the median counts:
    /// on a shared two-core machine one run can be off by 15%, and turns keep a drift in the
    /// machine's speed from favouring whichever server ran first.
    /// </summary>
    public int Rounds => Quick ? 1 : 3;

    /// <summary>Messages on the "big board" scenarios.</summary>
    public int BigBoard => Quick ? 20_000 : 1_000_000;

    /// <summary>Connection counts every GET and POST scenario runs at: one user, a busy site, a crowd.</summary>
    public IReadOnlyList<int> ConnectionCounts => [1, 32, 256];

    /// <summary>Each of the two windows of the cold-start measurement (wrk counts whole seconds).</summary>
    public TimeSpan ColdWindow => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5);

    /// <summary>How long the disk's (and PostgreSQL's) single-row commit rate is measured.</summary>
    public TimeSpan CommitProbe => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);

    /// <summary>Upper bound on time for seeding a big board.</summary>
    public TimeSpan SeedLimit => TimeSpan.FromMinutes(10);

    public string FilePrefix => Quick ? "http-quick" : "http-latest";
}
