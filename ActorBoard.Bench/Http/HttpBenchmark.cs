using ActorBoard.Bench.Load;
using ActorBoard.Fixtures;
using Spectre.Console;

namespace ActorBoard.Bench.Http;

/// <summary>
/// <c>http</c>: starts the baseline and ActorBoard (memory journal, SQLite, PostgreSQL) as separate
/// processes on loopback, drives the same requests at each in turn with wrk, and reports every
/// figure next to the baseline measured in the same run; durable posts also next to the plain
/// durable writer on the same database (<see cref="Baseline.DurableBoard"/>) and what the disk (or
/// the PostgreSQL server) commits on its own.
/// </summary>
public sealed class HttpBenchmark(HttpSettings settings)
{
    private const string Baseline = "baseline (lock + List)";
    private const string Memory = "ActorBoard (memory journal)";
    private const string Sqlite = "ActorBoard (SQLite)";
    private const string Postgres = "ActorBoard (PostgreSQL)";
    private const string PlainSqlite = "plain durable writer (SQLite)";
    private const string PlainPostgres = "plain durable writer (PostgreSQL)";
    private const string GetEmpty = "GET / (empty board)";
    private const string Post = "POST /";
    private const string ColdPost = "POST /, first 5 s after start";
    private const string ColdPostLater = "POST /, 5–10 s after start";
    private const string ColdPostSettled = "POST /, 15–20 s after start";
    private static readonly string SeedText = "Seeded for the benchmark: a message of exactly one hundred characters, like a short chat line. abcd";
    private readonly List<Measurement> _measurements = [];
    private readonly List<(string What, string Value)> _facts = [];
    private readonly Dictionary<string, double> _residentMiB = [];
    private readonly Dictionary<string, double> _coldToSettled = [];
    private double _sqliteCommits;
    private double _journalRowCommits;

    public async Task<int> RunAsync()
    {
        if (!Wrk.IsInstalled || !ThrowAwayPostgres.IsInstalled)
        {
            await Console.Error.WriteLineAsync(!Wrk.IsInstalled ? Wrk.InstallHint : $"PostgreSQL 15 is not installed: {ThrowAwayPostgres.InstallHint}");
            return 2;
        }

        var folder = Directory.CreateTempSubdirectory("actorboard-bench-").FullName;
        await using var postgresServer = await ThrowAwayPostgres.StartAsync();
        await using var baseline = BenchServers.Baseline();
        await using var memory = BenchServers.ActorBoard(Memory, "--Board:Storage=Memory");
        await using var sqlite = BenchServers.ActorBoard(Sqlite, "--Board:Storage=Sqlite", $"--ConnectionStrings:Board=Data Source={Path.Combine(folder, "bench.db")}");
        await using var postgres = BenchServers.ActorBoard(Postgres, "--Board:Storage=Postgres", $"--ConnectionStrings:Board={postgresServer.CreateDatabase()}");
        var servers = new[] { baseline, memory, sqlite, postgres };
        await using var plainSqlite = BenchServers.DurableWriter(PlainSqlite, "sqlite", $"Data Source={Path.Combine(folder, "plain.db")}");
        await using var plainPostgres = BenchServers.DurableWriter(PlainPostgres, "postgres", postgresServer.CreateDatabase());
        var posting = new[] { baseline, memory, sqlite, postgres, plainSqlite, plainPostgres };
        // The CPU time a posting server has used so far, with its PostgreSQL server's where it writes to one.
        Func<ServerProcess, TimeSpan> postingCpu = server =>
            server.ProcessorTime() + (server == postgres || server == plainPostgres ? postgresServer.ProcessorTime() : TimeSpan.Zero);

        AnsiConsole.MarkupLine($"[bold]HTTP benchmark[/] on {Environment.ProcessorCount} cores with wrk (1 thread), {(settings.Quick ? "quick mode (correctness only, not a measurement)" : $"median of {settings.Rounds} rounds of {settings.Duration.TotalSeconds:0} s per server, servers taking turns")}.");
        // What users meet right after a start: each round starts every server afresh.
        await MeasureCold(servers);

        await plainSqlite.StartAsync();
        await plainPostgres.StartAsync();
        foreach (var server in posting)
        {
            // Let the JIT tiers and the thread pool settle before anything warm is measured.
            await Wrk.RunAsync(server.Address, "GET", ["/"], 32, settings.Warmup);
            await Wrk.RunAsync(server.Address, "POST", ["/"], 32, settings.Warmup);
        }

        await Measure("GET /plaintext (framework ceiling)", [baseline], "GET", "/plaintext", 32);
        foreach (var connections in settings.ConnectionCounts)
        {
            await Measure(GetEmpty, servers, "GET", "/", connections);
        }

        var commitProbes = postgresServer.CreateDatabase();
        foreach (var connections in settings.ConnectionCounts)
        {
            if (connections == 1)
            {
                await MeasureAgainstCommitRate(posting, sqlite, postgres, folder, commitProbes, postingCpu);
            }
            else
            {
                await Measure(Post, posting, "POST", "/", connections, processorTime: postingCpu);
            }
        }

        // The big board starts empty on servers started afresh with stores of their own: the posts
        // above would otherwise add to it (hundreds of thousands of them).
        foreach (var server in posting)
        {
            await server.StopAsync();
        }

        await using var bigBaseline = BenchServers.Baseline();
        await using var bigMemory = BenchServers.ActorBoard(Memory, "--Board:Storage=Memory");
        await using var bigSqlite = BenchServers.ActorBoard(Sqlite, "--Board:Storage=Sqlite", $"--ConnectionStrings:Board=Data Source={Path.Combine(folder, "big.db")}");
        await using var bigPostgres = BenchServers.ActorBoard(Postgres, "--Board:Storage=Postgres", $"--ConnectionStrings:Board={postgresServer.CreateDatabase()}");
        var bigServers = new[] { bigBaseline, bigMemory, bigSqlite, bigPostgres };
        foreach (var server in bigServers)
        {
            await server.StartAsync();
            await Seed(server);
        }

        await Measure($"GET / ({settings.BigBoard:N0} messages)", bigServers, "GET", "/", 32);
        foreach (var server in bigServers)
        {
            _residentMiB[server.Name] = server.ResidentMegabytes();
            _facts.Add(($"RSS of {server.Name} with {settings.BigBoard:N0} messages", $"{_residentMiB[server.Name]:N0} MiB"));
        }

        await bigSqlite.StopAsync();
        var restart = await bigSqlite.StartAsync() + await FirstPage(bigSqlite);
        _facts.Add(($"Restart of {Sqlite} with {settings.BigBoard:N0} messages, until GET / answers", $"{restart.TotalSeconds:N2} s"));

        foreach (var server in bigServers)
        {
            await server.StopAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);

        var checks = Targets(restart);
        var report = new HttpReport(settings, _measurements, _facts, checks);
        AnsiConsole.Write(report.Table());
        foreach (var check in checks)
        {
            AnsiConsole.MarkupLine($"{(check.Met ? "[green]met[/]" : "[red]missed[/]")}  {Markup.Escape(check.Target)}: {Markup.Escape(check.Measured)}");
        }

        var written = report.Write();
        AnsiConsole.MarkupLine($"Wrote {Markup.Escape(string.Join(", ", written))}");
        return _measurements.Any(m => m.Result.Errors > 0) ? 1 : 0;
    }

    /// <summary>
    /// Starts each server, then posts for four windows back to back (0–5, 5–10, 10–15 and 15–20 s
    /// after it first answers); <see cref="HttpSettings.Rounds"/> times, servers taking turns. The
    /// 5–10 s window is compared with the 15–20 s one of the same start, so a drift in the shared
    /// machine's speed between the cold and the warm part of the benchmark does not count.
    /// </summary>
    private async Task MeasureCold(IReadOnlyList<ServerProcess> servers)
    {
        var first = servers.ToDictionary(server => server.Name, _ => new List<WrkResult>());
        var later = servers.ToDictionary(server => server.Name, _ => new List<WrkResult>());
        var settled = servers.ToDictionary(server => server.Name, _ => new List<WrkResult>());
        var ratios = servers.ToDictionary(server => server.Name, _ => new List<double>());
        for (var round = 0; round < settings.Rounds; round++)
        {
            foreach (var server in servers)
            {
                await server.StopAsync();
                await server.StartAsync();
                first[server.Name].Add(await Wrk.RunAsync(server.Address, "POST", ["/"], 32, settings.ColdWindow));
                later[server.Name].Add(await Wrk.RunAsync(server.Address, "POST", ["/"], 32, settings.ColdWindow));
                await Wrk.RunAsync(server.Address, "POST", ["/"], 32, settings.ColdWindow);
                settled[server.Name].Add(await Wrk.RunAsync(server.Address, "POST", ["/"], 32, settings.ColdWindow));
                ratios[server.Name].Add(later[server.Name][^1].RequestsPerSecond / settled[server.Name][^1].RequestsPerSecond);
            }
        }

        Record(ColdPost, servers, 32, first);
        Record(ColdPostLater, servers, 32, later);
        Record(ColdPostSettled, servers, 32, settled);
        foreach (var (name, perRound) in ratios)
        {
            _coldToSettled[name] = Median(perRound);
        }
    }

    /// <summary>
    /// Posts one connection at a time, and right before each durable server's turn measures what its
    /// disk (or PostgreSQL server) commits on its own, one single-row transaction at a time: the two
    /// figures of a round meet the same disk. The disk's speed moves with what the rest of the
    /// machine writes (earlier phases leave PostgreSQL checkpointing and the kernel writing back
    /// for minutes), so a commit rate measured at another time is no fair yardstick.
    /// </summary>
    private async Task MeasureAgainstCommitRate(
        IReadOnlyList<ServerProcess> servers, ServerProcess sqlite, ServerProcess postgres, string folder, string postgresDatabase, Func<ServerProcess, TimeSpan> processorTime)
    {
        var sqliteCommits = new List<double>();
        var journalRowCommits = new List<double>();
        var postgresCommits = new List<double>();
        await Measure(Post, servers, "POST", "/", 1, before: server =>
        {
            if (server == sqlite)
            {
                sqliteCommits.Add(CommitRate.Sqlite(folder, settings.CommitProbe));
                journalRowCommits.Add(CommitRate.SqliteJournalRow(folder, settings.CommitProbe));
            }
            else if (server == postgres)
            {
                postgresCommits.Add(CommitRate.Postgres(postgresDatabase, settings.CommitProbe));
            }
        }, processorTime);

        _sqliteCommits = Median(sqliteCommits);
        _journalRowCommits = Median(journalRowCommits);
        _facts.Add(("Single-row SQLite commits per second on this disk (WAL, synchronous=FULL, one connection), before each one-connection round", Describe(sqliteCommits)));
        _facts.Add(("Single-row SQLite commits per second into a table shaped like the journal's (its indexes, a post-sized event), before each one-connection round", Describe(journalRowCommits)));
        _facts.Add(("Single-row PostgreSQL commits per second (synchronous_commit=on, one connection), before each one-connection round", Describe(postgresCommits)));
        AnsiConsole.MarkupLine($"  single-row commits/s, SQLite {Markup.Escape(Describe(sqliteCommits))}, journal-shaped {Markup.Escape(Describe(journalRowCommits))}, PostgreSQL {Markup.Escape(Describe(postgresCommits))}");

        static string Describe(List<double> values) =>
            values.Count > 1 ? $"{Median(values):N0} (runs {string.Join(" / ", values.Order().Select(value => value.ToString("N0")))})" : $"{Median(values):N0}";
    }

    /// <summary>The middle value (the upper of the two middle ones for an even count).</summary>
    private static double Median(IReadOnlyCollection<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>
    /// Runs one scenario on each server in turn, <see cref="HttpSettings.Rounds"/> times, and keeps
    /// each server's median run; <paramref name="before"/> runs just before each measured run, and
    /// <paramref name="processorTime"/>, when given, says what each run cost in CPU.
    /// </summary>
    private async Task Measure(
        string scenario, IReadOnlyList<ServerProcess> servers, string method, string path, int connections, Action<ServerProcess>? before = null, Func<ServerProcess, TimeSpan>? processorTime = null) =>
        Record(scenario, servers, connections, await TakingTurns.MeasureAsync(servers, settings.Rounds, method, [path], connections, settings.Duration, before, processorTime));

    private void Record(string scenario, IReadOnlyList<ServerProcess> servers, int connections, Dictionary<string, List<WrkResult>> runs)
    {
        foreach (var server in servers)
        {
            var ordered = runs[server.Name].OrderBy(r => r.RequestsPerSecond).ToList();
            var result = ordered[ordered.Count / 2];
            var baseline = _measurements.FirstOrDefault(m => m.Scenario == scenario && m.Connections == connections && m.Server == Baseline);
            _measurements.Add(new Measurement(scenario, server.Name, connections, result)
            {
                Ratio = baseline is null || server.Name == Baseline ? null : result.RequestsPerSecond / baseline.Result.RequestsPerSecond,
                Rounds = ordered.Select(r => r.RequestsPerSecond).ToList(),
                ProcessorMicrosecondsPerRequest = ordered.All(r => r.ProcessorMicrosecondsPerRequest is not null)
                    ? Median(ordered.Select(r => r.ProcessorMicrosecondsPerRequest!.Value).ToList())
                    : null,
            });
            var spread = ordered.Count > 1 ? $"  (runs {string.Join(" / ", ordered.Select(r => r.RequestsPerSecond.ToString("N0")))})" : "";
            AnsiConsole.MarkupLine($"  {Markup.Escape(scenario),-36} {Markup.Escape(server.Name),-28} {connections,3} conn  {Markup.Escape(result.Describe())}{spread}");
        }
    }

    private async Task Seed(ServerProcess server)
    {
        var rate = await Seeder.PostAsync(server.Address, SeedText, settings.BigBoard, 64, settings.SeedLimit);
        _facts.Add(($"Seeding {server.Name} with {settings.BigBoard:N0} × 100-character posts (64 connections, HttpClient)", $"{rate:N0} posts/s"));
        AnsiConsole.MarkupLine($"  seeded {Markup.Escape(server.Name)} with {settings.BigBoard:N0} messages at {rate:N0} posts/s");
    }

    /// <summary>How long the first GET / takes (a started board reads its history on its first request).</summary>
    private static async Task<TimeSpan> FirstPage(ServerProcess server)
    {
        using var client = server.CreateClient();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        (await client.GetAsync("/")).EnsureSuccessStatusCode();
        return clock.Elapsed;
    }

    private List<TargetCheck> Targets(TimeSpan restart)
    {
        double Rps(string scenario, string server, int connections) =>
            _measurements.Single(m => m.Scenario == scenario && m.Server == server && m.Connections == connections).Result.RequestsPerSecond;

        TargetCheck Ratio(string target, double measured, double goal, string unit = "×") =>
            new(target, $"{measured:N2}{unit}{(measured >= goal ? "" : $" ({goal - measured:N2} short)")}", measured >= goal);

        var rss = _residentMiB[Sqlite];
        var oneConnection = Rps(Post, Sqlite, 1);
        return
        [
            Ratio("GET / ≥ 0.9× baseline (32 connections)", Rps(GetEmpty, Memory, 32) / Rps(GetEmpty, Baseline, 32), 0.9),
            .. settings.ConnectionCounts.Select(connections =>
                Ratio($"POST / (memory journal) ≥ 0.8× the lock board ({connections} connections)", Rps(Post, Memory, connections) / Rps(Post, Baseline, connections), 0.8)),
            .. settings.ConnectionCounts.Select(connections =>
                Ratio($"POST / (SQLite) ≥ 0.8× the plain durable writer on SQLite ({connections} connections)", Rps(Post, Sqlite, connections) / Rps(Post, PlainSqlite, connections), 0.8)),
            .. settings.ConnectionCounts.Where(connections => connections > 1).Select(connections =>
                Ratio($"POST / (PostgreSQL) ≥ 0.8× the plain durable writer on PostgreSQL ({connections} connections)", Rps(Post, Postgres, connections) / Rps(Post, PlainPostgres, connections), 0.8)),
            new("POST / (SQLite), 1 connection, against the disk's single-row commit rate (a fact, not a target)", $"{oneConnection / _sqliteCommits:N2}× the plain row's, {oneConnection / _journalRowCommits:N2}× the journal-shaped row's; the plain writer {Rps(Post, PlainSqlite, 1) / _sqliteCommits:N2}×", true),
            Ratio("Cold start: SQLite posts 5–10 s after start ≥ 0.9× those 15–20 s after the same start (median of the rounds)", _coldToSettled[Sqlite], 0.9),
            Ratio($"GET / with {settings.BigBoard:N0} messages ≥ 0.8× empty board (memory journal, 32 connections)", Rps($"GET / ({settings.BigBoard:N0} messages)", Memory, 32) / Rps(GetEmpty, Memory, 32), 0.8),
            new($"Restart with {settings.BigBoard:N0} messages in SQLite ready in ≤ 5 s", $"{restart.TotalSeconds:N2} s", restart <= TimeSpan.FromSeconds(5)),
            new($"RSS with {settings.BigBoard:N0} × 100-character messages ≤ 600 MB (SQLite)", $"{rss:N0} MiB", rss * 1.048576 <= 600),
        ];
    }
}
