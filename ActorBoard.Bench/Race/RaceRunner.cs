using System.Diagnostics;

namespace ActorBoard.Bench.Race;

/// <summary>How hard the race pushes: concurrent writers, appends each, concurrent readers.</summary>
public sealed record RaceSettings(int Writers, int AppendsPerWriter, int Readers)
{
    public long Expected => (long)Writers * AppendsPerWriter;
}

/// <summary>What one store did under the race.</summary>
public sealed record RaceResult(
    string Store,
    string Guard,
    long Expected,
    long Stored,
    long Lost,
    long Duplicated,
    long Exceptions,
    long Snapshots,
    long InconsistentSnapshots,
    TimeSpan Elapsed)
{
    public double AppendsPerSecond => Expected / Elapsed.TotalSeconds;

    public bool Correct => Lost == 0 && Duplicated == 0 && Exceptions == 0 && InconsistentSnapshots == 0 && Stored == Expected;
}

/// <summary>
/// Runs the same workload against a store: writers append "w{writer}:{n}" for n = 0, 1, 2, …
/// each waiting for its previous append, while readers take snapshots. A consistent snapshot
/// holds, for every writer, exactly its first k messages in order and nothing else; anything
/// else (a gap, a repeat, a null slot, an exception) is counted against the store.
/// </summary>
public static class RaceRunner
{
    private static readonly TimeSpan ReaderPause = TimeSpan.FromMilliseconds(1);

    public static async Task<RaceResult> RunAsync(IBoardStore store, RaceSettings settings, Action<long> progress)
    {
        long appended = 0, exceptions = 0, snapshots = 0, inconsistent = 0;
        var writersDone = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();

        // Each writer starts on a thread of its own, so the operating system interleaves them
        // anywhere, as it would the request threads of a real server.
        var writers = Enumerable.Range(0, settings.Writers).Select(writer => Task.Factory.StartNew(async () =>
        {
            for (var n = 0; n < settings.AppendsPerWriter; n++)
            {
                try
                {
                    await store.AppendAsync($"w{writer}:{n}");
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref exceptions);
                }

                progress(Interlocked.Increment(ref appended));
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()).ToList();

        var readers = Enumerable.Range(0, settings.Readers).Select(_ => Task.Run(async () =>
        {
            while (!writersDone.IsCancellationRequested)
            {
                try
                {
                    var snapshot = await store.SnapshotAsync();
                    Interlocked.Increment(ref snapshots);
                    if (!IsConsistent(snapshot, settings.Writers))
                    {
                        Interlocked.Increment(ref inconsistent);
                    }
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref exceptions);
                }

                // A reader looks now and then, as a page view would; a tight loop would only
                // measure how fast readers can starve writers of the two cores.
                await Task.Delay(ReaderPause);
            }
        })).ToList();

        await Task.WhenAll(writers);
        clock.Stop();
        await writersDone.CancelAsync();
        await Task.WhenAll(readers);

        var final = await store.SnapshotAsync();
        var present = final.Where(text => text is not null).ToList();
        var distinct = present.Distinct().Count();
        return new RaceResult(
            store.Name,
            store.Guard,
            settings.Expected,
            Stored: present.Count,
            Lost: settings.Expected - distinct,
            Duplicated: present.Count - distinct,
            Exceptions: exceptions,
            Snapshots: snapshots,
            InconsistentSnapshots: inconsistent + (IsConsistent(final, settings.Writers) ? 0 : 1),
            clock.Elapsed);
    }

    /// <summary>True when the snapshot holds, per writer, exactly that writer's first k messages in order.</summary>
    public static bool IsConsistent(IReadOnlyList<string?> snapshot, int writers)
    {
        var next = new int[writers];
        foreach (var text in snapshot)
        {
            if (text is null || !TryParse(text, out var writer, out var n) || writer >= writers || n != next[writer])
            {
                return false;
            }

            next[writer]++;
        }

        return true;
    }

    private static bool TryParse(string text, out int writer, out int n)
    {
        var colon = text.IndexOf(':');
        n = 0;
        writer = 0;
        return colon > 1 && text[0] == 'w'
            && int.TryParse(text.AsSpan(1, colon - 1), out writer)
            && int.TryParse(text.AsSpan(colon + 1), out n);
    }
}
