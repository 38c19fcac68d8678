using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ActorBoard.Bench.Http;
using Spectre.Console;

namespace ActorBoard.Bench.Soak;

/// <summary>How long and how hard the soak runs.</summary>
/// <param name="JudgeMemory">
/// Whether memory growth can fail the run: a quick run (30 s) cannot tell the runtime growing into
/// its working set from a leak, so it reports growth without judging it; full runs judge it.
/// </param>
public sealed record SoakSettings(TimeSpan Duration, int PostsPerSecond, int ReaderConnections, bool JudgeMemory = true)
{
    /// <summary>Memory is judged from this point on; before it, caches and the JIT settle.</summary>
    public TimeSpan WarmUp => Duration / 5;

    public TimeSpan SampleEvery => Duration / 30 > TimeSpan.FromSeconds(1) ? Duration / 30 : TimeSpan.FromSeconds(1);
}

/// <summary>
/// <c>soak</c>: ActorBoard on SQLite under steady mixed load (paced posts, page readers, API
/// readers) for a set time. Reports resident memory over time, errors, and whether every
/// acknowledged post is on the board at the end. Fails (exit 1) when a post was lost or memory
/// grew more than 10% after warm-up.
/// </summary>
public static class SoakCommand
{
    private const double AllowedGrowth = 0.10;

    public static async Task<int> RunAsync(SoakSettings settings)
    {
        var folder = Directory.CreateTempSubdirectory("actorboard-soak-").FullName;
        await using var server = BenchServers.ActorBoard("ActorBoard (SQLite)", "--Board:Storage=Sqlite", $"--ConnectionStrings:Board=Data Source={Path.Combine(folder, "soak.db")}");
        await server.StartAsync();
        AnsiConsole.MarkupLine($"[bold]Soak[/]: {settings.Duration} of {settings.PostsPerSecond} posts/s, {settings.ReaderConnections} page readers and one API reader, against ActorBoard on SQLite.");

        var acknowledged = new ConcurrentBag<string>();
        long postErrors = 0, readErrors = 0;
        var samples = new List<(TimeSpan At, double ResidentMiB)>();
        using var stop = new CancellationTokenSource(settings.Duration);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://{server.Endpoint}") };
        var clock = Stopwatch.StartNew();

        var poster = Task.Run(async () =>
        {
            var interval = TimeSpan.FromSeconds(1.0 / settings.PostsPerSecond);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var text = $"soak post {n} at {clock.Elapsed.TotalSeconds:0.000}s";
                try
                {
                    var response = await http.PostAsync("/", new FormUrlEncodedContent([KeyValuePair.Create("message", text)]));
                    if (response.StatusCode == HttpStatusCode.SeeOther)
                    {
                        acknowledged.Add(text);
                    }
                    else
                    {
                        Interlocked.Increment(ref postErrors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref postErrors);
                }

                var due = interval * (n + 1) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, CancellationToken.None);
                }
            }
        });
        var pageReaders = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var slice = await ActorBoard.Bench.Load.Wrk.RunAsync(server.Address, "GET", ["/"], settings.ReaderConnections, TimeSpan.FromSeconds(1));
                Interlocked.Add(ref readErrors, slice.Errors);
            }
        });
        var apiReader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await http.GetAsync("/api/messages?before=9223372036854775807&limit=100");
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref readErrors);
                }
            }
        });

        await AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("soaking", maxValue: settings.Duration.TotalSeconds);
                while (!stop.IsCancellationRequested)
                {
                    samples.Add((clock.Elapsed, server.ResidentMegabytes()));
                    task.Description = $"soaking: {acknowledged.Count:N0} posts acknowledged, RSS {samples[^1].ResidentMiB:N0} MiB";
                    task.Value = clock.Elapsed.TotalSeconds;
                    try
                    {
                        await Task.Delay(settings.SampleEvery, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // Time is up.
                    }
                }

                task.Value = task.MaxValue;
            });
        await Task.WhenAll(poster, pageReaders, apiReader);
        samples.Add((clock.Elapsed, server.ResidentMegabytes()));

        var stored = await StoredTexts(http);
        var lost = acknowledged.Count(text => !stored.Contains(text));
        var afterWarmUp = samples.Where(s => s.At >= settings.WarmUp).ToList();
        var growth = afterWarmUp.Count < 2 ? 0 : (afterWarmUp[^1].ResidentMiB - afterWarmUp[0].ResidentMiB) / afterWarmUp[0].ResidentMiB;

        var table = new Table().RoundedBorder().Title("[bold]Resident memory over time[/]").AddColumn("At").AddColumn("RSS (MiB)");
        foreach (var (at, rss) in samples)
        {
            table.AddRow($"{at.TotalSeconds:N0} s{(at < settings.WarmUp ? " (warm-up)" : "")}", $"{rss:N0}");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Posts acknowledged: {acknowledged.Count:N0}; lost: {(lost == 0 ? "0" : $"[red]{lost:N0}[/]")}; post errors: {postErrors:N0}; read errors: {readErrors:N0}.");
        AnsiConsole.MarkupLine(settings.JudgeMemory
            ? $"RSS growth after warm-up: {growth:P1} (limit {AllowedGrowth:P0})."
            : $"RSS growth after warm-up: {growth:P1} (not judged: a quick run is too short to tell warm-up from a leak).");

        await server.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        var passed = lost == 0 && (!settings.JudgeMemory || growth < AllowedGrowth);
        AnsiConsole.MarkupLine(passed ? "[green]Soak passed.[/]" : "[red]Soak failed.[/]");
        return passed ? 0 : 1;
    }

    private static async Task<HashSet<string>> StoredTexts(HttpClient http)
    {
        var texts = new HashSet<string>();
        long after = 0;
        while (await http.GetFromJsonAsync<Page>($"/api/messages?after={after}&limit=1000") is { Messages.Count: > 0 } page)
        {
            foreach (var message in page.Messages)
            {
                texts.Add(message.Text);
            }

            after = page.Messages[^1].Id;
        }

        return texts;
    }

    private sealed record Page(List<Entry> Messages);

    private sealed record Entry(long Id, string Text);
}
