using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using ActorBoard.Bench.Http;
using ActorBoard.Fixtures;
using Spectre.Console;

namespace ActorBoard.Bench.Failover;

/// <summary>
/// <c>failover</c>: three nodes on a throw-away PostgreSQL; clients post to many boards through all
/// three, retrying with the same Idempotency-Key as the README says; one node is killed with
/// SIGKILL and later started again, then every node is restarted in turn with SIGTERM. At the end
/// every acknowledged post is checked against the boards: nothing lost, nothing doubled.
/// </summary>
public sealed class FailoverCommand(FailoverSettings settings)
{
    private readonly ConcurrentBag<AcknowledgedPost> _acknowledged = [];
    private readonly List<Phase> _phases = [];
    private readonly List<string> _events = [];

    public async Task<int> RunAsync()
    {
        if (!ThrowAwayPostgres.IsInstalled)
        {
            await Console.Error.WriteLineAsync($"PostgreSQL 15 is not installed: {ThrowAwayPostgres.InstallHint}");
            return 2;
        }

        AnsiConsole.MarkupLine($"[bold]Failover[/]: 3 nodes on PostgreSQL, {FailoverSettings.Writers} retrying clients posting to {FailoverSettings.Boards} boards through every node{(settings.Quick ? ", quick mode (shorter phases)" : "")}.");
        await using var postgres = await ThrowAwayPostgres.StartAsync();
        var journal = postgres.CreateDatabase();
        var logs = Directory.CreateTempSubdirectory("actorboard-failover-").FullName;
        // Every node a seed, so that node 1 too restarts into the running cluster.
        var cluster = ServerCluster.Create(journal, 3, BenchServers.Measured, everyNodeASeed: true, logFolder: logs);
        var nodes = cluster.Nodes;
        AnsiConsole.MarkupLine($"  the nodes' logs (warnings and errors): {Markup.Escape(logs)}");
        try
        {
            await cluster.StartAsync();

            using var writer = new RetryingWriter(nodes.Select(n => n.Address).ToList(), settings.GiveUpAfter);
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, FailoverSettings.Writers).Select(w => Task.Run(() => Write(writer, w, stop.Token))).ToList();

            await RunPhase(writer, "steady, 3 nodes", () => Task.Delay(settings.Steady));
            await RunPhase(writer, "node 3 killed (SIGKILL)", async () =>
            {
                nodes[2].KillHard();
                Note(writer, "node 3 killed with SIGKILL");
                await Task.Delay(settings.DeadFor);
            });
            await RunPhase(writer, "node 3 started again", async () =>
            {
                await nodes[2].StartAsync();
                Note(writer, "node 3 ready again");
                await Task.Delay(settings.Steady);
            });
            await RunPhase(writer, "rolling restart (SIGTERM)", async () =>
            {
                foreach (var index in new[] { 2, 1, 0 })
                {
                    var exit = await nodes[index].StopAsync();
                    Note(writer, $"node {index + 1} left and exited in {exit.TotalSeconds:N1} s with code {nodes[index].ExitCode}");
                    await nodes[index].StartAsync();
                    Note(writer, $"node {index + 1} ready again");
                }
            });
            await RunPhase(writer, "steady, after", () => Task.Delay(settings.Steady));

            await stop.CancelAsync();
            await Task.WhenAll(writers);
            var audit = await BoardAudit.CheckAsync(nodes[0].Address, _acknowledged.ToList());
            foreach (var lost in audit.LostPosts)
            {
                AnsiConsole.MarkupLine($"[red]lost:[/] {Markup.Escape(lost)}");
            }

            foreach (var board in audit.LostPosts.Select(line => line.Split(' ')[0]).Distinct().Take(1))
            {
                using var connection = new Npgsql.NpgsqlConnection(journal);
                connection.Open();
                using var command = new Npgsql.NpgsqlCommand($"select sequence_number, writer_uuid, created, manifest, message from actorboard.journal where persistence_id = 'board-{board}' order by sequence_number", connection);
                using var rows = command.ExecuteReader();
                while (rows.Read())
                {
                    var message = (byte[])rows.GetValue(4);
                    var count = BitConverter.ToInt32(message, 0);
                    var firstId = BitConverter.ToInt64(message, 4);
                    AnsiConsole.MarkupLine(Markup.Escape($"  journal {board} seq {rows.GetInt64(0)} writer {rows.GetValue(1)} created {rows.GetInt64(2)} {rows.GetValue(3)} ids {firstId}..{firstId + count - 1}"));
                }
            }

            foreach (var board in audit.LostPosts.Select(line => line.Split(' ')[0]).Distinct())
            {
                foreach (var node in nodes)
                {
                    using var client = node.CreateManagementClient();
                    var home = await client.GetStringAsync($"/api/cluster/boards/{board}");
                    var newest = await client.GetStringAsync($"/api/boards/{board}/messages?before=1000000000&limit=1");
                    AnsiConsole.MarkupLine($"  {Markup.Escape(node.Name)}: {Markup.Escape(home)} newest {Markup.Escape(newest)}");
                }
            }

            Report(writer, audit);
            return audit.IsClean && writer.GaveUp == 0 ? 0 : 1;
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private async Task Write(RetryingWriter writer, int index, CancellationToken stop)
    {
        var random = new Random(index);
        for (var post = 0; !stop.IsCancellationRequested; post++)
        {
            try
            {
                // Once a post is sent it is seen through to its answer, however long the phase lasts.
                if (await writer.PostAsync($"failover-{random.Next(FailoverSettings.Boards):D2}", $"client {index} post {post}") is { } acknowledged)
                {
                    _acknowledged.Add(acknowledged);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task RunPhase(RetryingWriter writer, string name, Func<Task> during)
    {
        var (unavailable, noAnswer) = (writer.Unavailable, writer.NoAnswer);
        var started = writer.Now;
        await during();
        _phases.Add(new Phase(name, started, writer.Now, writer.Unavailable - unavailable, writer.NoAnswer - noAnswer));
        AnsiConsole.MarkupLine($"  {Markup.Escape(name)}: {(writer.Now - started).TotalSeconds:N1} s");
    }

    private void Note(RetryingWriter writer, string what)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{writer.Now.TotalSeconds,6:N1} s  {what}");
        _events.Add(line);
        AnsiConsole.MarkupLine($"    {Markup.Escape(line)}");
    }

    private void Report(RetryingWriter writer, BoardAudit audit)
    {
        var acknowledged = _acknowledged.ToList();
        var table = new Table().RoundedBorder().Title("[bold]Every post acknowledged, stored once?[/]");
        foreach (var column in new[] { "Phase", "Seconds", "Acknowledged", "Posts/s", "503s", "No answer", "Longest wait (s)", "Boards waiting > 1 s" })
        {
            table.AddColumn(column);
        }

        var rows = _phases.Select(phase =>
        {
            // A post belongs to the phase it was first tried in.
            var posts = acknowledged.Where(p => p.FirstTry >= phase.Start && p.FirstTry < phase.End).ToList();
            var seconds = (phase.End - phase.Start).TotalSeconds;
            return new[]
            {
                phase.Name, seconds.ToString("N1", CultureInfo.InvariantCulture), posts.Count.ToString("N0", CultureInfo.InvariantCulture),
                (posts.Count / seconds).ToString("N0", CultureInfo.InvariantCulture), phase.Unavailable.ToString(CultureInfo.InvariantCulture),
                phase.NoAnswer.ToString(CultureInfo.InvariantCulture),
                posts.Count == 0 ? "—" : posts.Max(p => p.Waited).TotalSeconds.ToString("N1", CultureInfo.InvariantCulture),
                posts.Where(p => p.Waited > TimeSpan.FromSeconds(1)).Select(p => p.Board).Distinct().Count().ToString(CultureInfo.InvariantCulture),
            };
        }).ToList();
        rows.ForEach(row => table.AddRow(row.Select(Markup.Escape).ToArray()));
        AnsiConsole.Write(table);

        var verdict = audit.IsClean && writer.GaveUp == 0 ? "correct" : "WRONG";
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Acknowledged {audit.Acknowledged:N0}, stored {audit.Stored:N0}, lost {audit.Lost}, duplicated {audit.Duplicated}, under another id {audit.WrongIds}, boards with id gaps {audit.BoardsWithGaps.Count}, given up {writer.GaveUp}, 503s {writer.Unavailable}, no answer {writer.NoAnswer}: {verdict}.");
        AnsiConsole.MarkupLine(audit.IsClean ? $"[green]{Markup.Escape(summary)}[/]" : $"[red]{Markup.Escape(summary)}[/]");

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Failover, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores; 3 nodes on one throw-away PostgreSQL 15, {FailoverSettings.Writers} clients posting to {FailoverSettings.Boards} boards through every node, retrying with the same Idempotency-Key{(settings.Quick ? "; quick mode" : "")}.");
        md.AppendLine();
        md.AppendLine("| Phase | Seconds | Acknowledged | Posts/s | 503s | No answer | Longest wait (s) | Boards waiting > 1 s |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        rows.ForEach(row => md.AppendLine($"| {string.Join(" | ", row)} |"));
        md.AppendLine();
        md.AppendLine(summary);
        md.AppendLine();
        md.AppendLine("```");
        _events.ForEach(line => md.AppendLine(line));
        md.AppendLine("```");
        Directory.CreateDirectory(settings.ResultsFolder);
        var file = Path.Combine(settings.ResultsFolder, settings.FilePrefix + ".md");
        File.WriteAllText(file, md.ToString());
        AnsiConsole.MarkupLine($"Wrote {Markup.Escape(file)}");
    }

    private sealed record Phase(string Name, TimeSpan Start, TimeSpan End, long Unavailable, long NoAnswer);
}
