using System.Diagnostics;
using ActorBoard.Actors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server;

/// <summary>
/// Ready when the board's SQLite file takes a commit right now (not locked by another writer, not
/// read-only) and its disk has room for more. A full disk still grants locks, and may even take a
/// one-row commit into space the write-ahead log already holds, while the next post needs the log
/// to grow: hence the margin of free space as well.
/// <para>
/// The journal is probed at most once per <see cref="ProbeInterval"/>, whatever the rate of
/// requests to <c>/readyz</c>: a probe commits a row, and on SQLite it competes with the journal
/// for the write lock. Requests within the interval after a probe finished share its answer, and
/// requests while one is under way wait for it.
/// A singleton, so the last probe is kept between requests.
/// </para>
/// </summary>
internal sealed class JournalWritableHealthCheck(IOptions<BoardOptions> options) : IHealthCheck
{
    /// <summary>Longest a probe's answer is reused.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private Probe? _last;

    /// <summary>
    /// Free space below which the journal is reported unable to commit. The write-ahead log grows by
    /// whole pages with every commit until its checkpoint (4 MiB); 1 MiB holds the largest allowed
    /// post several times over.
    /// </summary>
    public const long MinimumFreeBytes = 1024 * 1024;

    private const int BusyTimeoutSeconds = 1;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var last = Volatile.Read(ref _last);
        if (last is null || last.FinishedLongerAgoThan(ProbeInterval))
        {
            // One caller starts the next probe; any other arriving meanwhile shares it.
            var next = new Probe(ProbeAsync);
            last = Interlocked.CompareExchange(ref _last, next, last) == last ? next : Volatile.Read(ref _last)!;
        }

        return last.Result.WaitAsync(cancellationToken);
    }

    /// <summary>Commits a row now; bounded by its own patience, not by the request that happened to start it.</summary>
    private async Task<HealthCheckResult> ProbeAsync()
    {
        if (options.Value.Storage == BoardStorage.Memory)
        {
            return HealthCheckResult.Healthy("The journal is in memory.");
        }

        if (options.Value.Storage == BoardStorage.Postgres)
        {
            return await ProbePostgres();
        }

        var path = SqliteBoardFile.PathOf(options.Value.ConnectionString);
        var free = new DriveInfo(Path.GetDirectoryName(path)!).AvailableFreeSpace;
        if (free < MinimumFreeBytes)
        {
            return HealthCheckResult.Unhealthy($"The journal file does not take commits: the disk holding {path} has {free:N0} bytes free, less than {MinimumFreeBytes:N0}.");
        }

        try
        {
            // Microsoft.Data.Sqlite blocks even in its async calls: keep this off the request thread.
            await Task.Run(() => SqliteBoardFile.ProbeCommit(options.Value.ConnectionString, BusyTimeoutSeconds));
            return HealthCheckResult.Healthy("The journal file takes commits.");
        }
        catch (SqliteException e)
        {
            return HealthCheckResult.Unhealthy($"The journal file does not take commits: {e.Message}");
        }
    }

    private async Task<HealthCheckResult> ProbePostgres()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(BusyTimeoutSeconds));
        try
        {
            await PostgresBoardDatabase.ProbeCommitAsync(options.Value.ConnectionString, patience.Token);
            return HealthCheckResult.Healthy("The journal database takes commits.");
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The journal database does not take commits: {e.Message}");
        }
    }

    /// <summary>One probe of the journal, started by its first reader, and when it finished.</summary>
    private sealed class Probe
    {
        private readonly Lazy<Task<HealthCheckResult>> _answer;
        private long _finished;

        public Probe(Func<Task<HealthCheckResult>> probe) =>
            _answer = new Lazy<Task<HealthCheckResult>>(async () =>
            {
                try
                {
                    return await probe();
                }
                finally
                {
                    Volatile.Write(ref _finished, Stopwatch.GetTimestamp());
                }
            });

        public Task<HealthCheckResult> Result => _answer.Value;

        public bool FinishedLongerAgoThan(TimeSpan interval) =>
            Result.IsCompleted && Stopwatch.GetElapsedTime(Volatile.Read(ref _finished)) >= interval;
    }
}
