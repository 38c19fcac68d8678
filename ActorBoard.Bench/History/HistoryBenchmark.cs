using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using ActorBoard.Bench.Http;
using ActorBoard.Bench.Load;
using ActorBoard.Fixtures;
using Microsoft.Data.Sqlite;
using Spectre.Console;

namespace ActorBoard.Bench.History;

/// <summary>
/// <c>history</c>: boards of any size in bounded memory. One ActorBoard server on SQLite gets a board
/// of millions of short messages (wrk's form posts) and a board of over 1 GB of maximum-length
/// messages (the JSON API); once its history has caught up with the journal, its page rates are
/// measured against a server whose board has the same newest page and a hundred messages in all,
/// then its snapshots, its restart and its memory with both boards loaded.
/// </summary>
public sealed class HistoryBenchmark(HistorySettings settings)
{
    private const string Big = "ActorBoard, big boards";
    private const string Small = "ActorBoard, 100 messages";
    private const string LongBoard = "long";

    /// <summary>What wrk posts (requests.lua): the small board holds the same, so both newest pages are alike.</summary>
    private const string WrkPost = "A benchmark post of modest length.";

    private readonly List<(string What, string Value)> _facts = [];
    private readonly List<TargetCheck> _targets = [];
    private readonly List<(string Scenario, string Server, WrkResult Result, IReadOnlyList<double> Rounds)> _runs = [];

    public async Task<int> RunAsync()
    {
        if (!Wrk.IsInstalled)
        {
            await Console.Error.WriteLineAsync(Wrk.InstallHint);
            return 2;
        }

        var folder = Directory.CreateTempSubdirectory("actorboard-history-").FullName;
        if (settings.EarlierBuild is { } earlier)
        {
            await ComparePosts(earlier, folder);
        }

        var file = Path.Combine(folder, "big.db");
        await using var big = BenchServers.ActorBoard(Big, BenchServers.OnSqlite(file));
        await using var small = BenchServers.ActorBoard(Small, BenchServers.OnSqlite(Path.Combine(folder, "small.db")));
        AnsiConsole.MarkupLine($"[bold]History benchmark[/] on {Environment.ProcessorCount} cores: {settings.ShortMessages:N0} short messages and {settings.LongMessages:N0} maximum-length ones{(settings.Quick ? ", quick mode (correctness only, not a measurement)" : "")}.");
        await big.StartAsync();
        await small.StartAsync();
        await Seeder.PostAsync(small.Address, WrkPost, posts: 100, connections: 1, TimeSpan.FromSeconds(60));

        var started = await ServerMemory.SampleAsync(big);
        await SeedShort(big);
        await SeedLong(big);
        var caughtUp = await WaitForHistory(big);
        var loaded = await ServerMemory.SampleAsync(big);
        Fact($"{Big}: memory at start → right after seeding, the history caught up", $"RSS {started.ResidentMiB:N0} → {loaded.ResidentMiB:N0} MiB, GC-held {started.ManagedMiB:N0} → {loaded.ManagedMiB:N0} MiB");
        Fact("History caught up with the journal after the last post", $"{caughtUp.TotalSeconds:N1} s");

        Fact($"{Big}: settled after seeding (its processor idle)", $"{(await Settle(big)).TotalSeconds:N1} s");
        await Warm(big, small);
        var middle = settings.ShortMessages / 2;
        var recent = settings.ShortMessages - 100;
        await Measure(
        [
            ("GET /", big, "/"),
            ("GET /", small, "/"),
            ($"GET /?before={middle:N0} (the middle of the history)", big, $"/?before={middle}"),
            ($"GET /?before={recent:N0} (in memory, not the newest)", big, $"/?before={recent}"),
        ]);

        await big.StopAsync();
        var snapshots = Snapshots(file);
        var sizes = new[] { "big.db", "big.history.db" }.Select(name => new FileInfo(Path.Combine(folder, name))).Where(info => info.Exists).ToList();
        Fact("Files: journal and snapshots, history", string.Join(", ", sizes.Select(info => $"{info.Name} {info.Length / (1024.0 * 1024):N0} MiB")));
        var restart = await Restart(big);
        var afterRestart = await ServerMemory.SampleAsync(big);
        var smallMemory = await ServerMemory.SampleAsync(small);
        Fact($"{Big}: memory after a restart and both boards' first page", $"RSS {afterRestart.ResidentMiB:N0} MiB, GC-held {afterRestart.ManagedMiB:N0} MiB");
        Fact($"{Small}: memory after the same page load", $"RSS {smallMemory.ResidentMiB:N0} MiB, GC-held {smallMemory.ManagedMiB:N0} MiB");

        var newest = Median("GET /", Big);
        _targets.Add(new($"RSS with both big boards loaded (after a restart) ≤ 300 MiB; {Small}: {smallMemory.ResidentMiB:N0} MiB", $"{afterRestart.ResidentMiB:N0} MiB", afterRestart.ResidentMiB <= 300));
        _targets.Add(new("Largest snapshot ≤ 8 MiB", $"{snapshots.Max(s => s.Bytes) / (1024.0 * 1024):N2} MiB", snapshots.Max(s => s.Bytes) <= 8 * 1024 * 1024));
        foreach (var (board, took) in restart)
        {
            _targets.Add(new($"Board {board}: first page ≤ 2 s after the server is up again", $"{took.TotalSeconds:N2} s", took <= TimeSpan.FromSeconds(2)));
        }

        var versusSmall = newest / Median("GET /", Small);
        _targets.Add(new($"GET / of the big board ≥ 0.9× the same page of a board of 100 messages (same run)", $"{versusSmall:N2}×", versusSmall >= 0.9));
        var deep = Median($"GET /?before={middle:N0} (the middle of the history)", Big) / newest;
        _targets.Add(new("A page from the middle of the history ≥ 0.5× the newest page", $"{deep:N2}×", deep >= 0.5));

        await big.StopAsync();
        await small.StopAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        foreach (var target in _targets)
        {
            AnsiConsole.MarkupLine(Markup.Escape($"  {(target.Met ? "met" : "MISSED")}: {target.Target}: {target.Measured}"));
        }

        AnsiConsole.MarkupLine($"Wrote {Markup.Escape(Write(snapshots))}");
        return _runs.Any(run => run.Result.Errors > 0) ? 1 : 0;
    }

    /// <summary>
    /// Durable posts of this build and of <paramref name="earlierBuild"/>'s server side by side, each
    /// on a SQLite file of its own, taking turns under wrk at 32 and 256 connections.
    /// </summary>
    private async Task ComparePosts(string earlierBuild, string folder)
    {
        const string Earlier = "ActorBoard, earlier build";
        const string This = "ActorBoard, this build";
        await using var earlier = new ServerProcess(new ServerLaunch(Earlier, Path.GetFullPath(earlierBuild))
        {
            Settings = [.. BenchServers.Measured, .. BenchServers.OnSqlite(Path.Combine(folder, "earlier.db"))],
            WorkingFolder = Path.GetDirectoryName(Path.GetFullPath(earlierBuild))!,
            OperatorListener = true,
        });
        await using var current = BenchServers.ActorBoard(This, BenchServers.OnSqlite(Path.Combine(folder, "this.db")));
        foreach (var server in new[] { earlier, current })
        {
            await server.StartAsync();
            await Wrk.RunAsync(server.Address, "POST", ["/"], 32, settings.Warmup);
        }

        foreach (var connections in new[] { 32, 256 })
        {
            var runs = await TakingTurns.MeasureAsync([earlier, current], settings.ComparisonRounds, "POST", ["/"], connections, settings.Duration);
            var scenario = $"POST / ({connections} connections)";
            foreach (var (name, list) in runs)
            {
                var ordered = list.OrderBy(run => run.RequestsPerSecond).ToList();
                _runs.Add((scenario, name, ordered[ordered.Count / 2], list.Select(run => run.RequestsPerSecond).ToList()));
                AnsiConsole.MarkupLine(Markup.Escape($"  {scenario,-52} {name,-26} {ordered[ordered.Count / 2].Describe()}"));
            }

            var ratio = Median(scenario, This) / Median(scenario, Earlier);
            _targets.Add(new($"Durable POST / at {connections} connections ≥ 0.95× the earlier build's (no slower, within the rounds' spread)", $"{ratio:N2}×", ratio >= 0.95));
        }

        await earlier.StopAsync();
        await current.StopAsync();
    }

    /// <summary>The default board gets <see cref="HistorySettings.ShortMessages"/> posts from wrk (256 connections), round after round until it holds them.</summary>
    private async Task SeedShort(ServerProcess server)
    {
        using var client = server.CreateClient();
        var clock = Stopwatch.StartNew();
        long count;
        while ((count = await NewestId(client, "/api/messages")) < settings.ShortMessages)
        {
            var left = settings.ShortMessages - count;
            await Wrk.RunAsync(server.Address, "POST", ["/"], 256, TimeSpan.FromSeconds(Math.Clamp(left / 30_000.0, 1, 30)));
        }

        Fact($"Seeding the default board with {count:N0} × 34-character posts (wrk, 256 connections)", $"{count / clock.Elapsed.TotalSeconds:N0} posts/s");
    }

    /// <summary>The long board gets <see cref="HistorySettings.LongMessages"/> posts of 10,000 four-byte characters through the JSON API, 16 at a time.</summary>
    private async Task SeedLong(ServerProcess server)
    {
        using var client = server.CreateClient();
        var text = string.Concat(Enumerable.Repeat("🎉", 10_000));
        var remaining = settings.LongMessages;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                (await client.PostAsJsonAsync($"/api/boards/{LongBoard}/messages", new { text })).EnsureSuccessStatusCode();
            }
        })));
        var bytes = (double)settings.LongMessages * Encoding.UTF8.GetByteCount(text);
        Fact($"Seeding board {LongBoard} with {settings.LongMessages:N0} × 10,000 four-byte characters ({bytes / 1e9:N2} GB of text; JSON API, 16 connections)", $"{settings.LongMessages / clock.Elapsed.TotalSeconds:N0} posts/s");
    }

    /// <summary>Until the boards hold no more than their windows in memory: their history holds the rest.</summary>
    private async Task<TimeSpan> WaitForHistory(ServerProcess server)
    {
        using var operatorClient = server.CreateManagementClient();
        var clock = Stopwatch.StartNew();
        while (await MessagesInMemory(operatorClient) > 2 * 6_250)
        {
            if (clock.Elapsed > settings.CatchUpLimit)
            {
                throw new TimeoutException($"The history did not catch up within {settings.CatchUpLimit}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        return clock.Elapsed;
    }

    private static async Task<double> MessagesInMemory(HttpClient operatorClient)
    {
        var metrics = await operatorClient.GetStringAsync("/metrics");
        return metrics.Split('\n')
            .Where(line => line.StartsWith("actorboard_store_messages_in_memory", StringComparison.Ordinal))
            .Select(line => double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(double.MaxValue)
            .Sum();
    }

    private static async Task<long> NewestId(HttpClient client, string path)
    {
        var page = await client.GetFromJsonAsync<MessageList>($"{path}?before={long.MaxValue}&limit=1");
        return page!.Messages.Count == 0 ? 0 : page.Messages[0].Id;
    }

    private async Task Warm(params ServerProcess[] servers)
    {
        foreach (var server in servers)
        {
            await Wrk.RunAsync(server.Address, "GET", ["/"], 32, settings.Warmup);
        }
    }

    /// <summary>
    /// Until the server's processor time grows by less than 15% of a core over a second (collections,
    /// checkpoints and the history's catch-up after seeding are over; an idle server uses about 5%), at most a minute.
    /// </summary>
    private static async Task<TimeSpan> Settle(ServerProcess server)
    {
        var clock = Stopwatch.StartNew();
        var before = server.ProcessorTime();
        while (clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = server.ProcessorTime();
            if (now - before < TimeSpan.FromMilliseconds(150))
            {
                break;
            }

            before = now;
        }

        return clock.Elapsed;
    }

    /// <summary>Each scenario (a server and a path) in turn, round after round (<see cref="TakingTurns"/>): wrk, 32 connections.</summary>
    private async Task Measure(IReadOnlyList<(string Scenario, ServerProcess Server, string Path)> scenarios)
    {
        var runs = await TakingTurns.MeasureAsync(
            scenarios.Select(scenario => (scenario.Server, (IReadOnlyList<string>)[scenario.Path])).ToList(), settings.Rounds, "GET", 32, settings.Duration);

        for (var i = 0; i < scenarios.Count; i++)
        {
            var ordered = runs[i].OrderBy(run => run.RequestsPerSecond).ToList();
            _runs.Add((scenarios[i].Scenario, scenarios[i].Server.Name, ordered[ordered.Count / 2], runs[i].Select(run => run.RequestsPerSecond).ToList()));
            AnsiConsole.MarkupLine(Markup.Escape($"  {scenarios[i].Scenario,-52} {scenarios[i].Server.Name,-26} {ordered[ordered.Count / 2].Describe()}"));
        }
    }

    private double Median(string scenario, string server) => _runs.Single(run => run.Scenario == scenario && run.Server == server).Result.RequestsPerSecond;

    /// <summary>Starts the server again: how long until it is up, then until each board's first page answers (its recovery).</summary>
    private async Task<List<(string Board, TimeSpan Took)>> Restart(ServerProcess server)
    {
        var up = await server.StartAsync();
        Fact($"{Big}: restart until the server answers", $"{up.TotalSeconds:N2} s");
        using var client = server.CreateClient();
        var firstPages = new List<(string, TimeSpan)>();
        foreach (var (board, path) in new[] { ("default", "/"), (LongBoard, $"/b/{LongBoard}") })
        {
            var clock = Stopwatch.StartNew();
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
            firstPages.Add((board, clock.Elapsed));
            Fact($"Board {board}: first page after the restart", $"{clock.Elapsed.TotalSeconds:N2} s");
        }

        return firstPages;
    }

    /// <summary>Each board's newest snapshot, straight from the journal file.</summary>
    private static List<(string Board, long Bytes)> Snapshots(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT persistence_id, length(snapshot) FROM snapshot s WHERE sequence_number = (SELECT max(sequence_number) FROM snapshot WHERE persistence_id = s.persistence_id);";
        using var reader = query.ExecuteReader();
        var snapshots = new List<(string, long)>();
        while (reader.Read())
        {
            snapshots.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return snapshots;
    }

    private void Fact(string what, string value)
    {
        _facts.Add((what, value));
        AnsiConsole.MarkupLine(Markup.Escape($"  {what}: {value}"));
    }

    private string Write(List<(string Board, long Bytes)> snapshots)
    {
        Directory.CreateDirectory(settings.ResultsFolder);
        var path = Path.Combine(settings.ResultsFolder, $"{settings.FilePrefix}.md");
        var md = new StringBuilder();
        md.AppendLine("# History: boards of any size in bounded memory").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, .NET {Environment.Version}; ActorBoard on SQLite with its default window (newest {5_000:N0} messages or 4 MiB per board in memory), each server its own process; wrk, 32 connections, median of {settings.Rounds} rounds of {settings.Duration.TotalSeconds:0} s, the scenarios taking turns (rounds listed in the order they ran).{(settings.Quick ? " Quick mode: a check that the tool runs, not a measurement." : "")}").AppendLine();
        md.AppendLine("| Target | Measured | Met |").AppendLine("|---|---:|---|");
        foreach (var target in _targets)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {target.Target} | {target.Measured} | {(target.Met ? "met" : "missed")} |");
        }

        md.AppendLine().AppendLine("| Scenario | Server | req/s | p99 ms | Rounds |").AppendLine("|---|---|---:|---:|---|");
        foreach (var (scenario, server, result, rounds) in _runs)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {scenario} | {server} | {result.RequestsPerSecond:N0} | {result.P99Text} | {string.Join(" / ", rounds.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} |");
        }

        md.AppendLine().AppendLine("| Fact | Value |").AppendLine("|---|---|");
        foreach (var (what, value) in _facts)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {value} |");
        }

        foreach (var (board, bytes) in snapshots)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| Newest snapshot of {board} | {bytes / (1024.0 * 1024):N2} MiB |");
        }

        File.WriteAllText(path, md.ToString());
        return path;
    }

    private sealed record MessageList(IReadOnlyList<MessageItem> Messages);

    private sealed record MessageItem(long Id);
}
