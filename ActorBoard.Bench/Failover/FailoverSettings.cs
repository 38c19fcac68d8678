namespace ActorBoard.Bench.Failover;

/// <summary>How long each phase of the failover demonstration lasts. Quick mode proves the tool works, with shorter phases.</summary>
public sealed record FailoverSettings(bool Quick, string ResultsFolder)
{
    /// <summary>Boards the posts are spread over.</summary>
    public const int Boards = 50;

    /// <summary>Clients posting at once, each waiting for its acknowledgement before its next post.</summary>
    public const int Writers = 16;

    /// <summary>Steady posting before anything happens, and between events.</summary>
    public TimeSpan Steady => Quick ? TimeSpan.FromSeconds(4) : TimeSpan.FromSeconds(10);

    /// <summary>How long after the kill before the dead node is started again.</summary>
    public TimeSpan DeadFor => Quick ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(20);

    /// <summary>A post not acknowledged within this (through every retry) counts as given up.</summary>
    public TimeSpan GiveUpAfter => TimeSpan.FromSeconds(60);

    public string FilePrefix => Quick ? "failover-quick" : "failover-latest";
}
