using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using ActorBoard.Bench.Http;
using ActorBoard.Bench.Load;
using ActorBoard.Fixtures;
using Spectre.Console;

namespace ActorBoard.Bench.Cluster;

/// <summary>One figure of the cluster benchmark: the median of its rounds, and its ratio to the figure it is compared with.</summary>
public sealed record ClusterFigure(string Requests, string Setup, WrkResult Result, IReadOnlyList<double> Rounds, string? ComparedWith, double? Ratio);

/// <summary>
/// <c>cluster</c>: one node against a three-node cluster on a throw-away PostgreSQL, with a
/// one-node SQLite board beside them; GETs and POSTs spread over 100 boards, each to a random
/// board, on the three nodes sent to every node at once. Then, on the three nodes, what a request
/// costs when its board lives on another node against one served by the board's own node.
/// </summary>
public sealed class ClusterBenchmark(ClusterSettings settings)
{
    private const string SqliteOne = "1 node, SQLite";
    private const string PostgresOne = "1 node, PostgreSQL";
    private const string PostgresThree = "3 nodes, PostgreSQL, random node";
    private static readonly IReadOnlyList<string> AllBoards =
        Enumerable.Range(0, ClusterSettings.Boards).Select(i => $"bench-{i:D3}").ToList();

    private static IReadOnlyList<string> Pages(IEnumerable<string> boards) => boards.Select(board => $"/b/{board}").ToList();

    private readonly List<ClusterFigure> _figures = [];

    public async Task<int> RunAsync()
    {
        if (!Wrk.IsInstalled || !ThrowAwayPostgres.IsInstalled)
        {
            await Console.Error.WriteLineAsync(!Wrk.IsInstalled ? Wrk.InstallHint : $"PostgreSQL 15 is not installed: {ThrowAwayPostgres.InstallHint}");
            return 2;
        }

        await using var postgres = await ThrowAwayPostgres.StartAsync();
        var sqliteFolder = Directory.CreateTempSubdirectory("actorboard-bench-").FullName;
        await using var sqlite = BenchServers.ActorBoard(SqliteOne, "--Board:Storage=Sqlite", $"--ConnectionStrings:Board=Data Source={Path.Combine(sqliteFolder, "bench.db")}");
        await using var single = BenchServers.ActorBoard(PostgresOne, "--Board:Storage=Postgres", $"--ConnectionStrings:Board={postgres.CreateDatabase()}");
        var cluster = ServerCluster.Create(postgres.CreateDatabase(), 3, BenchServers.Measured);
        try
        {
            await sqlite.StartAsync();
            await single.StartAsync();
            await cluster.StartAsync();

            AnsiConsole.MarkupLine($"[bold]Cluster benchmark[/] on {Environment.ProcessorCount} cores, {Describe()}.");
            var setups = new (string Name, IReadOnlyList<Uri> Nodes)[]
            {
                (SqliteOne, [sqlite.Address]),
                (PostgresOne, [single.Address]),
                (PostgresThree, cluster.Nodes.Select(n => n.Address).ToList()),
            };
            foreach (var (name, nodes) in setups)
            {
                await Wrk.RunTogetherAsync(nodes, "POST", Pages(AllBoards), ClusterSettings.Connections, settings.Warmup);
                await Wrk.RunTogetherAsync(nodes, "GET", Pages(AllBoards), ClusterSettings.Connections, settings.Warmup);
            }

            foreach (var method in new[] { "GET", "POST" })
            {
                var runs = await Rounds(setups.Select(s => (s.Name, (Func<Task<WrkResult>>)(() => Wrk.RunTogetherAsync(s.Nodes, method, Pages(AllBoards), ClusterSettings.Connections, settings.Duration)))).ToList());
                foreach (var (name, _) in setups)
                {
                    Add($"{method} /b/{{board}}, {ClusterSettings.Boards} boards", name, runs[name], name == PostgresOne ? null : PostgresOne, name == PostgresOne ? null : runs[PostgresOne]);
                }
            }

            // Where each board lives now (after warm-up, so after any rebalancing at start).
            var homes = await Homes(cluster, AllBoards);
            var entry = cluster.Nodes[0];
            var local = AllBoards.Where(board => homes[board] == 0).ToList();
            var routed = AllBoards.Where(board => homes[board] != 0).ToList();
            AnsiConsole.MarkupLine($"  the first node hosts {local.Count} of {ClusterSettings.Boards} boards; requests to it for the other {routed.Count} are routed to their nodes");
            foreach (var method in new[] { "GET", "POST" })
            {
                const string Local = "3 nodes: board on the node asked";
                const string Routed = "3 nodes: board on another node";
                var runs = await Rounds(
                [
                    (Local, () => Wrk.RunAsync(entry.Address, method, Pages(local), ClusterSettings.Connections, settings.Duration)),
                    (Routed, () => Wrk.RunAsync(entry.Address, method, Pages(routed), ClusterSettings.Connections, settings.Duration)),
                ]);
                Add($"{method} /b/{{board}}, one node asked", Local, runs[Local], null, null);
                Add($"{method} /b/{{board}}, one node asked", Routed, runs[Routed], Local, runs[Local]);
            }
        }
        finally
        {
            await cluster.DisposeAsync();
            await sqlite.StopAsync();
            await single.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(sqliteFolder, recursive: true);
        }

        AnsiConsole.Write(Table());
        Directory.CreateDirectory(settings.ResultsFolder);
        var markdown = Path.Combine(settings.ResultsFolder, settings.FilePrefix + ".md");
        await File.WriteAllTextAsync(markdown, Markdown());
        AnsiConsole.MarkupLine($"Wrote {Markup.Escape(markdown)}");
        return _figures.Any(f => f.Result.Errors > 0) ? 1 : 0;
    }

    private string Describe() => settings.Quick
        ? "quick mode (correctness only, not a measurement)"
        : $"median of {settings.Rounds} rounds of {settings.Duration.TotalSeconds:0} s, setups taking turns, {ClusterSettings.Connections} connections, wrk on the same machine";

    /// <summary>Runs each measurement in turn, <see cref="ClusterSettings.Rounds"/> times; every run's result, by name.</summary>
    private async Task<Dictionary<string, List<WrkResult>>> Rounds(IReadOnlyList<(string Name, Func<Task<WrkResult>> Run)> measurements)
    {
        var runs = measurements.ToDictionary(m => m.Name, _ => new List<WrkResult>());
        for (var round = 0; round < settings.Rounds; round++)
        {
            foreach (var (name, run) in measurements)
            {
                runs[name].Add(await run());
            }
        }

        return runs;
    }

    private void Add(string requests, string setup, List<WrkResult> runs, string? comparedWith, List<WrkResult>? reference)
    {
        static WrkResult Median(List<WrkResult> results) => results.OrderBy(r => r.RequestsPerSecond).ElementAt(results.Count / 2);
        var result = Median(runs);
        var ratio = reference is null ? (double?)null : result.RequestsPerSecond / Median(reference).RequestsPerSecond;
        var figure = new ClusterFigure(requests, setup, result, runs.Select(r => r.RequestsPerSecond).Order().ToList(), comparedWith, ratio);
        _figures.Add(figure);
        AnsiConsole.MarkupLine($"  {Markup.Escape(requests),-34} {Markup.Escape(setup),-34} {Markup.Escape(result.Describe())}{(ratio is { } r ? $"  {r:N2}× {Markup.Escape(comparedWith!)}" : "")}");
    }

    private Table Table()
    {
        var table = new Table().RoundedBorder().Title("[bold]Cluster: requests per second, same machine, same run[/]");
        foreach (var column in new[] { "Requests", "Setup", "req/s", "p50 ms", "p99 ms", "Errors", "Ratio" })
        {
            table.AddColumn(column);
        }

        foreach (var f in _figures)
        {
            table.AddRow(
                Markup.Escape(f.Requests), Markup.Escape(f.Setup), $"{f.Result.RequestsPerSecond:N0}", $"{f.Result.P50Text}",
                $"{f.Result.P99Text}", f.Result.Errors.ToString(CultureInfo.InvariantCulture), Markup.Escape(RatioText(f)));
        }

        return table;
    }

    private string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Cluster benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {Describe()}. Every node is a separate process on 127.0.0.1; PostgreSQL 15 (throw-away, `fsync=on`, `synchronous_commit=on`) and wrk share the machine.");
        md.AppendLine();
        md.AppendLine("| Requests | Setup | req/s | p50 ms | p99 ms | Errors | Ratio | Rounds (req/s) |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---|---|");
        foreach (var f in _figures)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {f.Requests} | {f.Setup} | {f.Result.RequestsPerSecond:N0} | {f.Result.P50Text} | {f.Result.P99Text} | {f.Result.Errors} | {RatioText(f)} | {string.Join(" / ", f.Rounds.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} |");
        }

        return md.ToString();
    }

    private static string RatioText(ClusterFigure f) =>
        f.Ratio is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r:N2}× {f.ComparedWith}") : "—";

    private sealed record BoardHomeView(string Board, string Shard, string? Node);

    /// <summary>For each board, the index of the node it lives on, as the first node's shard region knows it.</summary>
    private static async Task<Dictionary<string, int>> Homes(ServerCluster cluster, IEnumerable<string> boards)
    {
        using var client = cluster.Nodes[0].CreateManagementClient();
        var homes = new Dictionary<string, int>();
        foreach (var board in boards)
        {
            var home = await client.GetFromJsonAsync<BoardHomeView>($"/api/cluster/boards/{board}");
            homes[board] = cluster.IndexOf(home?.Node);
        }

        return homes;
    }
}
