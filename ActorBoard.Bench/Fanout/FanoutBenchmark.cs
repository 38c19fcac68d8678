using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using ActorBoard.Bench.Http;
using Spectre.Console;

namespace ActorBoard.Bench.Fanout;

/// <summary>
/// <c>fanout</c>: live delivery to many readers of one board. ActorBoard (SQLite) runs as its own
/// process; this process opens the readers (<see cref="LiveStreamClient"/>, one raw socket each) on
/// <c>/b/{board}/events</c>, then posts to the board at a steady rate through the JSON API and
/// measures, for every post, the time from its acknowledgement (the 201) to each reader, and to
/// the last one.
/// </summary>
public sealed class FanoutBenchmark(FanoutSettings settings)
{
    private const string Text = "A live message for every reader of this board.";

    public async Task<int> RunAsync()
    {
        AnsiConsole.MarkupLine($"[bold]Live fan-out benchmark[/] on {Environment.ProcessorCount} cores: readers of one board on one node, one post every {settings.PostInterval.TotalMilliseconds:0} ms{(settings.Quick ? ", quick mode (correctness only, not a measurement)" : "")}.");
        var results = new List<FanoutResult>();
        foreach (var readers in settings.ReaderCounts)
        {
            results.Add(await MeasureAsync(readers));
        }

        var written = Write(results);
        AnsiConsole.MarkupLine($"Wrote {Markup.Escape(written)}");
        return results.All(result => result.Complete) ? 0 : 1;
    }

    private async Task<FanoutResult> MeasureAsync(int readerCount)
    {
        var folder = Directory.CreateTempSubdirectory("actorboard-fanout-").FullName;
        await using var server = BenchServers.ActorBoard(
            "ActorBoard (SQLite)",
            "--Board:Storage=Sqlite",
            $"--ConnectionStrings:Board=Data Source={Path.Combine(folder, "board.db")}",
            "--Board:MaxLiveStreamsPerClient=0", // every reader comes from this one process
            $"--Board:MaxLiveStreams={readerCount + 1000}");
        await server.StartAsync();
        var board = $"fanout-{readerCount}";
        var posts = settings.WarmupPosts + settings.MeasuredPosts;
        var deliveries = new FanoutDeliveries(posts, readerCount);
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, readerCount).Select(_ => new LiveStreamClient(server.Endpoint, $"/b/{board}/events", deliveries)).ToList();
        try
        {
            var opening = Stopwatch.StartNew();
            var reading = await OpenAsync(readers, stop.Token);
            AnsiConsole.MarkupLine($"  {readerCount:N0} readers subscribed in {opening.Elapsed.TotalSeconds:N1} s");

            using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
            var acknowledged = new List<long>(posts);
            var serverCpu = TimeSpan.Zero;
            var clientCpu = TimeSpan.Zero;
            var cadence = Stopwatch.StartNew();
            for (var i = 0; i < posts; i++)
            {
                if (i == settings.WarmupPosts)
                {
                    await WaitForDeliveries(deliveries, settings.WarmupPosts, readerCount);
                    serverCpu = server.ProcessorTime();
                    clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
                    cadence.Restart();
                }

                var due = settings.PostInterval * (i < settings.WarmupPosts ? i : i - settings.WarmupPosts);
                if (due > cadence.Elapsed)
                {
                    await Task.Delay(due - cadence.Elapsed);
                }

                using var response = await client.PostAsJsonAsync($"/api/boards/{board}/messages", new { text = Text });
                acknowledged.Add(Stopwatch.GetTimestamp());
                if ((int)response.StatusCode != 201)
                {
                    throw new InvalidOperationException($"Post {i + 1} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }

            var complete = await WaitForDeliveries(deliveries, posts, readerCount);
            serverCpu = server.ProcessorTime() - serverCpu;
            clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpu;
            var resident = server.ResidentMegabytes();
            await stop.CancelAsync();
            await Task.WhenAll(reading);

            var lastReader = deliveries.LastReaderDelays(acknowledged, settings.WarmupPosts).Order().ToArray();
            var each = deliveries.DeliveryDelays(acknowledged, settings.WarmupPosts).Order().ToArray();
            var result = new FanoutResult(
                readerCount, deliveries.Delivered, (long)posts * readerCount, deliveries.Unexpected,
                readers.Count(reader => reader.EndedEarly), complete,
                Percentile(lastReader, 50), Percentile(lastReader, 99), lastReader[^1],
                Percentile(each, 50), Percentile(each, 99),
                serverCpu, clientCpu, resident);
            AnsiConsole.MarkupLine($"  {Markup.Escape(result.Describe())}");
            return result;
        }
        finally
        {
            readers.ForEach(reader => reader.Dispose());
            await server.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Connects every reader, a few at a time, and waits until the server has started each one's stream.</summary>
    private async Task<List<Task>> OpenAsync(List<LiveStreamClient> readers, CancellationToken stop)
    {
        using var patience = new CancellationTokenSource(settings.Patience);
        var reading = new List<Task>(readers.Count);
        foreach (var group in readers.Chunk(settings.ConnectConcurrency))
        {
            await Task.WhenAll(group.Select(reader => reader.ConnectAsync(patience.Token)));
            reading.AddRange(group.Select(reader => Task.Run(() => reader.ReadAsync(stop), CancellationToken.None)));
            await Task.WhenAll(group.Select(reader => reader.Streaming)).WaitAsync(patience.Token);
        }

        var ended = readers.Count(reader => reader.EndedEarly);
        return ended == 0 ? reading : throw new InvalidOperationException($"{ended} of {readers.Count} live streams ended while opening");
    }

    /// <summary>Waits until every reader has the first <paramref name="posts"/> posts; false if they did not all arrive in time.</summary>
    private async Task<bool> WaitForDeliveries(FanoutDeliveries deliveries, int posts, int readers)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < settings.Patience)
        {
            if (Enumerable.Range(1, posts).All(id => deliveries.ReceivedBy(id) >= readers))
            {
                return true;
            }

            await Task.Delay(10);
        }

        return false;
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double percentile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private string Write(IReadOnlyList<FanoutResult> results)
    {
        var table = new Table().RoundedBorder().Title("[bold]Live fan-out: one board, one node, SQLite[/]");
        foreach (var column in new[] { "Readers", "Delivered", "Last reader p50 / p99 / max ms", "Each delivery p50 / p99 ms", "Server CPU s", "Client CPU s", "Server RSS MiB" })
        {
            table.AddColumn(column);
        }

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Live fan-out benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, .NET {Environment.Version}{(settings.Quick ? "; quick mode: a check that the tool runs, not a measurement" : "")}. ActorBoard on SQLite as its own process; the readers (one raw socket each, scanning for `id:` lines) and the poster share this process and the machine. One post every {settings.PostInterval.TotalMilliseconds:0} ms to `/api/boards/{{board}}/messages`, {settings.MeasuredPosts} measured after {settings.WarmupPosts} warm-up posts; a delay runs from the post's 201 to a reader's receipt of its `id:` line. CPU is counted over the measured posts.");
        md.AppendLine();
        md.AppendLine("| Readers | Delivered | Unexpected | Streams ended | Last reader p50 ms | p99 ms | max ms | Each delivery p50 ms | p99 ms | Server CPU s | Client CPU s | Server RSS MiB |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            table.AddRow(
                r.Readers.ToString("N0", CultureInfo.InvariantCulture), $"{r.Delivered:N0} / {r.Expected:N0}",
                $"{r.LastReaderP50:N0} / {r.LastReaderP99:N0} / {r.LastReaderMax:N0}", $"{r.DeliveryP50:N0} / {r.DeliveryP99:N0}",
                $"{r.ServerCpu.TotalSeconds:N1}", $"{r.ClientCpu.TotalSeconds:N1}", $"{r.ServerResidentMiB:N0}");
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Readers:N0} | {r.Delivered:N0} / {r.Expected:N0} | {r.Unexpected} | {r.EndedEarly} | {r.LastReaderP50:N0} | {r.LastReaderP99:N0} | {r.LastReaderMax:N0} | {r.DeliveryP50:N0} | {r.DeliveryP99:N0} | {r.ServerCpu.TotalSeconds:N1} | {r.ClientCpu.TotalSeconds:N1} | {r.ServerResidentMiB:N0} |");
        }

        AnsiConsole.Write(table);
        var largest = results.MaxBy(r => r.Readers)!;
        var met = largest.Complete && largest.LastReaderP99 <= settings.LastReaderTarget.TotalMilliseconds;
        var verdict = $"Target: {largest.Readers:N0} readers, every post delivered to every reader, p99 from acknowledgement to the last reader ≤ {settings.LastReaderTarget.TotalMilliseconds:0} ms: {largest.LastReaderP99:N0} ms, {(largest.Complete ? "all delivered" : "NOT all delivered")}, {(met ? "met" : "missed")}.";
        AnsiConsole.MarkupLine(met ? $"[green]{Markup.Escape(verdict)}[/]" : $"[red]{Markup.Escape(verdict)}[/]");
        md.AppendLine();
        md.AppendLine(verdict);

        Directory.CreateDirectory(settings.ResultsFolder);
        var path = Path.Combine(settings.ResultsFolder, settings.FilePrefix + ".md");
        File.WriteAllText(path, md.ToString());
        return path;
    }
}

/// <summary>One reader count's measurement; delays in milliseconds.</summary>
public sealed record FanoutResult(
    int Readers, long Delivered, long Expected, long Unexpected, int EndedEarly, bool Complete,
    double LastReaderP50, double LastReaderP99, double LastReaderMax, double DeliveryP50, double DeliveryP99,
    TimeSpan ServerCpu, TimeSpan ClientCpu, double ServerResidentMiB)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Readers:N0} readers: {Delivered:N0}/{Expected:N0} delivered; last reader p50 {LastReaderP50:N0} ms, p99 {LastReaderP99:N0} ms, max {LastReaderMax:N0} ms; each delivery p50 {DeliveryP50:N0} ms, p99 {DeliveryP99:N0} ms; CPU server {ServerCpu.TotalSeconds:N1} s, client {ClientCpu.TotalSeconds:N1} s; server RSS {ServerResidentMiB:N0} MiB");
}
