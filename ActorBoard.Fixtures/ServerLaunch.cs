namespace ActorBoard.Fixtures;

/// <summary>How to start a server process: its program, name, folder, command-line settings, environment and log.</summary>
/// <param name="Name">What reports and failures call it.</param>
/// <param name="Program">The assembly <c>dotnet</c> runs.</param>
public sealed record ServerLaunch(string Name, string Program)
{
    /// <summary>The build output the specs and benchmarks run from, which holds ActorBoard.Server.dll and everything it runs with.</summary>
    public static string BuildFolder => AppContext.BaseDirectory;

    /// <summary>The folder the process starts in.</summary>
    public string WorkingFolder { get; init; } = BuildFolder;

    /// <summary>Command-line arguments after the program (<c>--urls</c> and the address follow them).</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>A file each line the server writes to standard output is appended to, time-stamped, or null.</summary>
    public string? LogFile { get; init; }

    /// <summary>Whether the server has an operator's listener (ActorBoard's <c>Board:ManagementUrls</c>), given a free port of its own.</summary>
    public bool OperatorListener { get; init; }

    /// <summary>Longest a start may take until the server is ready.</summary>
    public TimeSpan StartupLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The ActorBoard server from the build output, as <c>dotnet run --project ActorBoard.Server</c> runs it, with <paramref name="settings"/>.</summary>
    public static ServerLaunch Board(params string[] settings) =>
        new("ActorBoard", Path.Combine(BuildFolder, "ActorBoard.Server.dll")) { Settings = settings, OperatorListener = true };
}
