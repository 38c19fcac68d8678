using ActorBoard.Fixtures;

namespace ActorBoard.Bench.Http;

/// <summary>The servers the benchmarks start, each as its own process on a free loopback port (<see cref="ServerProcess"/>).</summary>
public static class BenchServers
{
    /// <summary>Settings every measured ActorBoard runs with: warnings only in its log, no per-client post limit (the load comes from one address), no limit to a board's messages (the warm-up alone posts over a million).</summary>
    public static readonly string[] Measured = ["--Logging:LogLevel:Default=Warning", "--Board:PostsPerMinutePerClient=0", "--Board:NewBoardsPerHourPerClient=0", "--Board:MaxMessagesPerBoard=0"];

    /// <summary>Longest a start may take on a loaded machine (a big board recovering).</summary>
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(120);

    /// <summary>The settings that keep an ActorBoard server's boards in the SQLite file <paramref name="file"/>.</summary>
    public static string[] OnSqlite(string file) => ["--Board:Storage=Sqlite", $"--ConnectionStrings:Board=Data Source={file}"];

    /// <summary>The ActorBoard server, as <c>dotnet run --project ActorBoard.Server</c> would run it.</summary>
    public static ServerProcess ActorBoard(string name, params string[] settings) =>
        new(ServerLaunch.Board([.. Measured, .. settings]) with { Name = name, StartupLimit = StartupLimit });

    /// <summary>The plain durable writer board from this project, on <paramref name="storage"/> (<c>sqlite</c> or <c>postgres</c>).</summary>
    public static ServerProcess DurableWriter(string name, string storage, string connectionString) =>
        new(new ServerLaunch(name, Path.Combine(ServerLaunch.BuildFolder, "ActorBoard.Bench.dll"))
        {
            Settings = ["durable-server", "--storage", storage, "--connection", connectionString],
            StartupLimit = StartupLimit,
        });

    /// <summary>The lock-guarded baseline board from this project.</summary>
    public static ServerProcess Baseline() =>
        new(new ServerLaunch("baseline (lock + List)", Path.Combine(ServerLaunch.BuildFolder, "ActorBoard.Bench.dll"))
        {
            Settings = ["baseline-server"],
            StartupLimit = StartupLimit,
        });
}
