namespace ActorBoard.Bench.Http;

/// <summary>One measured run: which scenario, which server, how many connections, and what came out.</summary>
public sealed record Measurement(string Scenario, string Server, int Connections, ActorBoard.Bench.Load.WrkResult Result)
{
    /// <summary>Requests per second of every round, lowest first (the median is <see cref="Result"/>).</summary>
    public IReadOnlyList<double> Rounds { get; init; } = [];

    /// <summary>This run's requests per second divided by the baseline's in the same scenario (same run), if there is one.</summary>
    public double? Ratio { get; init; }

    /// <summary>CPU time per request of the server (with its database's, where it has one), median of the rounds; measured for posts.</summary>
    public double? ProcessorMicrosecondsPerRequest { get; init; }
}

/// <summary>A target from the brief and whether this run met it.</summary>
public sealed record TargetCheck(string Target, string Measured, bool Met);
