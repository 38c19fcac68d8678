using Spectre.Console;

namespace ActorBoard.Bench.Race;

/// <summary>
/// <c>race</c>: the same concurrent workload against an unguarded list, a locked list and the
/// MessageStore actor, with live progress and a table that shows at a glance which stores kept
/// every message.
/// </summary>
public static class RaceCommand
{
    public static async Task<int> RunAsync(RaceSettings settings, bool withSqlite)
    {
        AnsiConsole.MarkupLine($"[bold]Race:[/] {settings.Writers} writers × {settings.AppendsPerWriter:N0} appends ({settings.Expected:N0} in all), " +
                               $"{settings.Readers} readers taking snapshots, on {Environment.ProcessorCount} cores.");
        var stores = new List<Func<IBoardStore>>
        {
            () => new UnsynchronizedListStore(),
            () => new LockedListStore(),
            ActorStore.InMemory,
        };
        if (withSqlite)
        {
            stores.Add(ActorStore.OnSqlite);
        }

        var results = new List<RaceResult>();
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                foreach (var create in stores)
                {
                    await using var store = create();
                    var task = progress.AddTask(Markup.Escape(store.Name), maxValue: settings.Expected);
                    results.Add(await RaceRunner.RunAsync(store, settings, done => task.Value = done));
                    task.Value = settings.Expected;
                }
            });

        AnsiConsole.Write(Table(results));
        Explain(results);
        return 0;
    }

    private static Table Table(IEnumerable<RaceResult> results)
    {
        var table = new Table().RoundedBorder().Title("[bold]Who kept every message?[/]");
        foreach (var column in new[] { "Store", "Guarded by", "Expected", "Stored", "Lost", "Duplicated", "Exceptions", "Snapshots", "Inconsistent snapshots", "Appends/s", "Verdict" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        table.Columns[0].LeftAligned();
        table.Columns[1].LeftAligned();
        foreach (var r in results)
        {
            table.AddRow(
                Markup.Escape(r.Store),
                Markup.Escape(r.Guard),
                $"{r.Expected:N0}",
                $"{r.Stored:N0}",
                Bad(r.Lost),
                Bad(r.Duplicated),
                Bad(r.Exceptions),
                $"{r.Snapshots:N0}",
                Bad(r.InconsistentSnapshots),
                $"{r.AppendsPerSecond:N0}",
                r.Correct ? "[green]correct[/]" : "[red]WRONG[/]");
        }

        return table;
    }

    private static string Bad(long count) => count == 0 ? "0" : $"[red]{count:N0}[/]";

    private static void Explain(IReadOnlyList<RaceResult> results)
    {
        var unguarded = results[0];
        if (unguarded.Correct)
        {
            AnsiConsole.MarkupLine("[yellow]This run happened not to show the race in the unguarded list[/]: nothing was lost, repeated or torn this time. " +
                                   "The list is still unsafe; run again, or raise --writers and --appends.");
        }
        else
        {
            AnsiConsole.MarkupLine($"The unguarded list lost {unguarded.Lost:N0} of {unguarded.Expected:N0} appends, " +
                                   $"threw {unguarded.Exceptions:N0} exceptions and handed out {unguarded.InconsistentSnapshots:N0} inconsistent snapshots: " +
                                   "concurrent List.Add calls overwrite each other's slot and corrupt the count.");
        }

        AnsiConsole.MarkupLine("The lock and the actor both keep every message: the lock by making threads wait their turn, " +
                               "the actor by owning the list alone and taking appends one message at a time, with no lock and no shared state.");
    }
}
