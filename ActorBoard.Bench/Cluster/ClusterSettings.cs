namespace ActorBoard.Bench.Cluster;

/// <summary>How long the cluster benchmark runs. Quick mode exists to prove the tool works, not to measure.</summary>
public sealed record ClusterSettings(bool Quick, string ResultsFolder)
{
    /// <summary>Boards the requests are spread over.</summary>
    public const int Boards = 100;

    /// <summary>Connections of every measured run (split over the nodes when a run targets several).</summary>
    public const int Connections = 32;

    public TimeSpan Duration => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5);

    public TimeSpan Warmup => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5);

    /// <summary>Each figure is the median of this many rounds, the setups taking turns.</summary>
    public int Rounds => Quick ? 1 : 3;

    public string FilePrefix => Quick ? "cluster-quick" : "cluster-latest";
}
