using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using ActorBoard.Bench.Http;
using ActorBoard.Bench.Load;
using ActorBoard.Fixtures;
using Spectre.Console;

namespace ActorBoard.Bench.Limits;

/// <summary>
/// <c>limits</c>: what the limits on anonymous clients cost, and what they hold. Two ActorBoard
/// servers on SQLite take turns under the same wrk load, one with every limit at its default and
/// one with every limit off; a GET loop over made-up board names is measured against the real
/// board's page; then slow live readers read a backlog of maximum-length messages while the
/// server's memory is sampled.
/// </summary>
public sealed class LimitsBenchmark(LimitsSettings settings)
{
    private const string Limited = "ActorBoard, limits at their defaults";
    private const string Unlimited = "ActorBoard, limits off";

    /// <summary>What switches every limit off (the per-client post rate is off on both: the load comes from one address).</summary>
    private static readonly string[] NoLimits =
        ["--Board:MaxMessagesPerBoard=0", "--Board:MaxBoards=0", "--Board:MinFreeBytesForNewBoards=0", "--Board:MaxLiveStreamsPerClient=0", "--Board:MaxLiveStreams=1000000"];

    private readonly List<(string Scenario, string Server, WrkResult Result, IReadOnlyList<double> Rounds)> _runs = [];
    private readonly List<(string What, string Value)> _facts = [];

    public async Task<int> RunAsync()
    {
        if (!Wrk.IsInstalled)
        {
            await Console.Error.WriteLineAsync(Wrk.InstallHint);
            return 2;
        }

        var folder = Directory.CreateTempSubdirectory("actorboard-limits-").FullName;
        await using var limited = BenchServers.ActorBoard(Limited, Defaults(Path.Combine(folder, "limited.db")));
        await using var unlimited = BenchServers.ActorBoard(Unlimited, [.. BenchServers.OnSqlite(Path.Combine(folder, "unlimited.db")), .. NoLimits]);
        ServerProcess[] servers = [limited, unlimited];
        AnsiConsole.MarkupLine($"[bold]Limits benchmark[/] on {Environment.ProcessorCount} cores with wrk (1 thread), {(settings.Quick ? "quick mode (correctness only, not a measurement)" : $"median of {settings.Rounds} rounds of {settings.Duration.TotalSeconds:0} s per server, servers taking turns")}.");
        foreach (var server in servers)
        {
            await server.StartAsync();
            await Wrk.RunAsync(server.Address, "POST", ["/"], 32, settings.Warmup);
            await Wrk.RunAsync(server.Address, "GET", ["/"], 32, settings.Warmup);
        }

        await Measure("GET /", servers, "GET", ["/"]);
        await Measure("POST /", servers, "POST", ["/"]);
        await Measure($"GET /b/{{one of {settings.MadeUpNames:N0} made-up names}}", [limited], "GET", [.. Enumerable.Range(1, settings.MadeUpNames).Select(i => $"/b/made-up-{i}")]);
        var slow = await ReadSlowly(limited);

        foreach (var server in servers)
        {
            await server.StopAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        var written = Write(slow);
        AnsiConsole.MarkupLine($"Wrote {Markup.Escape(written)}");
        return _runs.Any(run => run.Result.Errors > 0) ? 1 : 0;
    }

    /// <summary>
    /// Production's limits on SQLite; what one load-generating address cannot pass is lifted (posts
    /// and streams per client), and a board's limit of messages is raised above what the rounds post
    /// on a fast machine (the check costs the same at any value).
    /// </summary>
    private static string[] Defaults(string file) =>
        [.. BenchServers.OnSqlite(file), "--Board:MaxMessagesPerBoard=10000000", "--Board:NewBoardsPerHourPerClient=30", "--Board:MaxLiveStreamsPerClient=100"];

    private async Task Measure(string scenario, IReadOnlyList<ServerProcess> servers, string method, IReadOnlyList<string> paths)
    {
        var runs = await TakingTurns.MeasureAsync(servers, settings.Rounds, method, paths, 32, settings.Duration);
        foreach (var server in servers)
        {
            var ordered = runs[server.Name].OrderBy(run => run.RequestsPerSecond).ToList();
            _runs.Add((scenario, server.Name, ordered[ordered.Count / 2], ordered.Select(run => run.RequestsPerSecond).ToList()));
            AnsiConsole.MarkupLine($"  {Markup.Escape(scenario),-44} {Markup.Escape(server.Name),-36} {Markup.Escape(ordered[ordered.Count / 2].Describe())}  (runs {string.Join(" / ", ordered.Select(run => run.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))})");
        }
    }

    /// <summary>
    /// Posts the backlog, then lets the slow readers read it from the start, sampling the server's
    /// resident memory and the managed memory the GC holds every second: before, at the peak, after.
    /// </summary>
    private async Task<SlowReadResult> ReadSlowly(ServerProcess server)
    {
        using var client = server.CreateClient();
        var text = string.Concat(Enumerable.Repeat("🎉", 10_000));
        for (var i = 0; i < settings.LongMessages; i++)
        {
            (await client.PostAsJsonAsync("/api/boards/long/messages", new { text })).EnsureSuccessStatusCode();
        }

        var frameBytes = Encoding.UTF8.GetByteCount(await client.GetStringAsync("/api/boards/long/messages/1")) + 12;
        var before = await ServerMemory.SampleAsync(server);
        using var stop = new CancellationTokenSource(settings.SlowReadFor);
        var readers = Enumerable.Range(0, settings.SlowReaders).Select(_ => new SlowReader(server.Endpoint, "/b/long/events?after=0")).ToList();
        var reading = readers.Select(reader => reader.ReadAsync(stop.Token)).ToList();
        var peak = before;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            peak = peak.Max(await ServerMemory.SampleAsync(server));
        }

        await Task.WhenAll(reading);
        var read = readers.Sum(reader => reader.Received);
        readers.ForEach(reader => reader.Dispose());
        var result = new SlowReadResult(settings.SlowReaders, settings.LongMessages, frameBytes, read, before, peak);
        AnsiConsole.MarkupLine(Markup.Escape($"  {result.Readers} slow readers of a {result.BacklogMiB:N0} MiB backlog: RSS {before.ResidentMiB:N0} → peak {peak.ResidentMiB:N0} MiB, GC-held {before.ManagedMiB:N0} → peak {peak.ManagedMiB:N0} MiB; unbounded they would hold {result.UnboundedMiB:N0} MiB"));
        return result;
    }

    private string Write(SlowReadResult slow)
    {
        Directory.CreateDirectory(settings.ResultsFolder);
        var path = Path.Combine(settings.ResultsFolder, $"{settings.FilePrefix}.md");
        var md = new StringBuilder();
        md.AppendLine("# Limits: what they cost, what they hold").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, .NET {Environment.Version}; ActorBoard on SQLite, each server its own process; wrk, 32 connections, median of {settings.Rounds} rounds of {settings.Duration.TotalSeconds:0} s, servers taking turns.{(settings.Quick ? " Quick mode: a check that the tool runs, not a measurement." : "")}").AppendLine();
        md.AppendLine("| Scenario | Server | req/s | p99 ms | Rounds | vs limits off |").AppendLine("|---|---|---:|---:|---|---:|");
        foreach (var (scenario, server, result, rounds) in _runs)
        {
            var off = _runs.FirstOrDefault(run => run.Scenario == scenario && run.Server == Unlimited);
            var versus = server == Limited && off.Server is not null ? $"{result.RequestsPerSecond / off.Result.RequestsPerSecond:N2}×" : "";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {scenario} | {server} | {result.RequestsPerSecond:N0} | {result.P99Text} | {string.Join(" / ", rounds.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} | {versus} |");
        }

        var realPage = _runs.Single(run => run.Scenario == "GET /" && run.Server == Limited).Result.RequestsPerSecond;
        var madeUp = _runs.Single(run => run.Scenario.StartsWith("GET /b/", StringComparison.Ordinal)).Result.RequestsPerSecond;
        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"A made-up name's page (one indexed lookup, no board started) answers at {madeUp / realPage:N2}× the rate of the real board's cached page.");
        md.AppendLine().AppendLine("| Slow readers | Value |").AppendLine("|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Readers, each {SlowReader.ChunkBytes / 1024} KiB every {SlowReader.Pause.TotalMilliseconds:0} ms with a 4 KiB receive window, for {settings.SlowReadFor.TotalSeconds:0} s | {slow.Readers} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Backlog each asks for: {slow.Messages} messages of 10,000 four-byte characters, about {slow.FrameBytes / 1024:N0} KiB of event each | {slow.BacklogMiB:N1} MiB |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| What the readers would make the server hold if it wrote each whole backlog before flushing | {slow.UnboundedMiB:N0} MiB |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Server RSS before → peak while they read | {slow.Before.ResidentMiB:N0} → {slow.Peak.ResidentMiB:N0} MiB (+{slow.Peak.ResidentMiB - slow.Before.ResidentMiB:N0}) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Managed memory the GC held, before → peak | {slow.Before.ManagedMiB:N0} → {slow.Peak.ManagedMiB:N0} MiB (+{slow.Peak.ManagedMiB - slow.Before.ManagedMiB:N0}) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Bytes the readers took in all | {slow.Read / (1024.0 * 1024):N1} MiB |");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    private sealed record SlowReadResult(int Readers, int Messages, int FrameBytes, long Read, ServerMemory Before, ServerMemory Peak)
    {
        public double BacklogMiB => (double)Messages * FrameBytes / (1024 * 1024);

        public double UnboundedMiB => BacklogMiB * Readers;
    }
}
