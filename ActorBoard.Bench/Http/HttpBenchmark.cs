using System.Net;
using Spectre.Console;

namespace ActorBoard.Bench.Http;

/// <summary>
/// <c>http</c>: starts the baseline and ActorBoard (memory journal and SQLite) as separate
/// processes on loopback, drives the same requests at each in turn, and reports every figure
/// next to the baseline measured in the same run.
/// </summary>
public sealed class HttpBenchmark(HttpSettings settings)
{
    private const string Baseline = "baseline (lock + List)";
    private const string Memory = "ActorBoard (memory journal)";
    private const string Sqlite = "ActorBoard (SQLite)";
    private static readonly string SeedText = "Seeded for the benchmark: a message of exactly one hundred characters, like a short chat line. abcd";
    private readonly List<Measurement> _measurements = [];
    private readonly List<(string What, string Value)> _facts = [];
    private readonly Dictionary<string, double> _residentMiB = [];

    public async Task<int> RunAsync()
    {
        var database = Directory.CreateTempSubdirectory("actorboard-bench-").FullName;
        await using var baseline = ServerUnderTest.Baseline();
        await using var memory = ServerUnderTest.ActorBoard(Memory, "--Board:Storage=Memory");
        await using var sqlite = ServerUnderTest.ActorBoard(Sqlite, "--Board:Storage=Sqlite", $"--ConnectionStrings:Board=Data Source={Path.Combine(database, "bench.db")}");
        var servers = new[] { baseline, memory, sqlite };
        foreach (var server in servers)
        {
            await server.StartAsync();

            // Let the JIT tiers and the thread pool settle before anything is measured.
            await LoadGenerator.RunAsync(server.Endpoint, RequestSpec.Get("/"), 32, settings.Warmup * 2, settings.MaxRequests);
        }

        AnsiConsole.MarkupLine($"[bold]HTTP benchmark[/] on {Environment.ProcessorCount} cores, {(settings.Quick ? "quick mode (correctness only, not a measurement)" : $"median of {settings.Rounds} rounds of {settings.Duration.TotalSeconds:0} s per server, servers taking turns")}.");

        await Measure("GET /plaintext (framework ceiling)", [baseline], RequestSpec.Get("/plaintext"), 32);
        foreach (var connections in new[] { 1, 32 })
        {
            await Measure("GET / (empty board)", servers, RequestSpec.Get("/"), connections);
        }

        foreach (var connections in new[] { 1, 32 })
        {
            await Measure("POST /", servers, RequestSpec.PostForm("/", "A benchmark post of modest length."), connections);
        }

        foreach (var server in servers)
        {
            await Seed(server);
        }

        await Measure($"GET / ({settings.BigBoard:N0} messages)", servers, RequestSpec.Get("/"), 32);
        foreach (var server in servers)
        {
            _residentMiB[server.Name] = server.ResidentMegabytes();
            _facts.Add(($"RSS of {server.Name} with {settings.BigBoard:N0} messages", $"{_residentMiB[server.Name]:N0} MiB"));
        }

        await sqlite.StopAsync();
        var restart = await sqlite.StartAsync();
        _facts.Add(($"Restart of {Sqlite} with {settings.BigBoard:N0} messages, until GET / answers", $"{restart.TotalSeconds:N2} s"));

        foreach (var server in servers)
        {
            await server.StopAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(database, recursive: true);

        var checks = Targets(restart);
        var report = new HttpReport(settings, _measurements, _facts, checks);
        AnsiConsole.Write(report.Table());
        foreach (var check in checks)
        {
            AnsiConsole.MarkupLine($"{(check.Met ? "[green]met[/]" : "[red]missed[/]")}  {Markup.Escape(check.Target)}: {Markup.Escape(check.Measured)}");
        }

        var written = report.Write();
        AnsiConsole.MarkupLine($"Wrote {Markup.Escape(string.Join(", ", written))}");
        return 0;
    }

    /// <summary>Runs one scenario on each server in turn, <see cref="HttpSettings.Rounds"/> times, and keeps each server's median run.</summary>
    private async Task Measure(string scenario, IReadOnlyList<ServerUnderTest> servers, RequestSpec request, int connections)
    {
        var runs = servers.ToDictionary(server => server.Name, _ => new List<LoadResult>());
        for (var round = 0; round < settings.Rounds; round++)
        {
            foreach (var server in servers)
            {
                await LoadGenerator.RunAsync(server.Endpoint, request, connections, round == 0 ? settings.Warmup : TimeSpan.FromSeconds(1), settings.MaxRequests);
                runs[server.Name].Add(await LoadGenerator.RunAsync(server.Endpoint, request, connections, settings.Duration, settings.MaxRequests));
            }
        }

        foreach (var server in servers)
        {
            var ordered = runs[server.Name].OrderBy(r => r.RequestsPerSecond).ToList();
            var result = ordered[ordered.Count / 2];
            var baseline = _measurements.FirstOrDefault(m => m.Scenario == scenario && m.Connections == connections && m.Server == Baseline);
            _measurements.Add(new Measurement(scenario, server.Name, connections, result)
            {
                Ratio = baseline is null || server.Name == Baseline ? null : result.RequestsPerSecond / baseline.Result.RequestsPerSecond,
            });
            var spread = ordered.Count > 1 ? $"  (runs {string.Join(" / ", ordered.Select(r => r.RequestsPerSecond.ToString("N0")))})" : "";
            AnsiConsole.MarkupLine($"  {Markup.Escape(scenario),-36} {Markup.Escape(server.Name),-28} {connections,3} conn  {result.RequestsPerSecond,10:N0} req/s  p50 {result.P50Milliseconds,6:N2} ms  p99 {result.P99Milliseconds,7:N2} ms  errors {result.Errors}{spread}");
        }
    }

    private async Task Seed(ServerUnderTest server)
    {
        var seeded = await LoadGenerator.RunAsync(server.Endpoint, RequestSpec.PostForm("/", SeedText), 64, settings.SeedLimit, settings.BigBoard);
        if (seeded.Requests < settings.BigBoard || seeded.Errors > 0)
        {
            throw new InvalidOperationException($"Seeding {server.Name} stored {seeded.Requests - seeded.Errors:N0} of {settings.BigBoard:N0} messages");
        }

        _facts.Add(($"Seeding {server.Name} with {settings.BigBoard:N0} × 100-character posts (64 connections)", $"{seeded.RequestsPerSecond:N0} posts/s"));
        AnsiConsole.MarkupLine($"  seeded {Markup.Escape(server.Name)} with {settings.BigBoard:N0} messages at {seeded.RequestsPerSecond:N0} posts/s");
    }

    private List<TargetCheck> Targets(TimeSpan restart)
    {
        double Rps(string scenario, string server, int connections) =>
            _measurements.Single(m => m.Scenario == scenario && m.Server == server && m.Connections == connections).Result.RequestsPerSecond;

        var getRatio = Rps("GET / (empty board)", Memory, 32) / Rps("GET / (empty board)", Baseline, 32);
        var postRatio = Rps("POST /", Memory, 32) / Rps("POST /", Baseline, 32);
        var sqlitePostRatio = Rps("POST /", Sqlite, 32) / Rps("POST /", Baseline, 32);
        var bigRatio = Rps($"GET / ({settings.BigBoard:N0} messages)", Memory, 32) / Rps("GET / (empty board)", Memory, 32);
        var rss = _residentMiB[Sqlite];
        return
        [
            new("GET / ≥ 0.9× baseline (32 connections)", $"{getRatio:N2}×", getRatio >= 0.9),
            new("POST / (memory journal) ≥ 0.9× baseline (32 connections)", $"{postRatio:N2}×", postRatio >= 0.9),
            new("POST / (SQLite, acknowledged after commit) ≥ 0.5× baseline's in-memory POST (32 connections)", $"{sqlitePostRatio:N2}×", sqlitePostRatio >= 0.5),
            new($"GET / with {settings.BigBoard:N0} messages ≥ 0.8× empty board (memory journal, 32 connections)", $"{bigRatio:N2}×", bigRatio >= 0.8),
            new($"Restart with {settings.BigBoard:N0} messages in SQLite ready in ≤ 5 s", $"{restart.TotalSeconds:N2} s", restart <= TimeSpan.FromSeconds(5)),
            new($"RSS with {settings.BigBoard:N0} × 100-character messages ≤ 600 MB (SQLite)", $"{rss:N0} MiB", rss * 1.048576 <= 600),
        ];
    }
}
