using ActorBoard.Actors.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorBoard.Server.Operations;

/// <summary>
/// Ready when the board's storage takes a commit right now (<see cref="BoardStorage.ProbeAsync"/>:
/// for a SQLite file, not locked by another writer, not read-only, and room on its disk for more).
/// <para>
/// The journal is probed at most once per <see cref="ProbeInterval"/>, whatever the rate of
/// requests to <c>/readyz</c>: a probe commits a row, and on SQLite it competes with the journal
/// for the write lock. Requests within the interval after a probe finished share its answer, and
/// requests while one is under way wait for it.
/// A singleton, so the last probe is kept between requests.
/// </para>
/// </summary>
internal sealed class JournalWritableHealthCheck(BoardStorage storage, TimeProvider clock) : IHealthCheck
{
    /// <summary>Longest a probe's answer is reused.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    /// <summary>Longest a probe waits for the journal (a lock held by another writer, a database slow to answer).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(1);

    private Probe? _last;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var last = Volatile.Read(ref _last);
        if (last is null || last.FinishedLongerAgoThan(ProbeInterval))
        {
            // One caller starts the next probe; any other arriving meanwhile shares it.
            var next = new Probe(ProbeAsync, clock);
            last = Interlocked.CompareExchange(ref _last, next, last) == last ? next : Volatile.Read(ref _last)!;
        }

        return last.Result.WaitAsync(cancellationToken);
    }

    /// <summary>Commits a row now; bounded by its own patience, not by the request that happened to start it.</summary>
    private async Task<HealthCheckResult> ProbeAsync()
    {
        var probe = await storage.ProbeAsync(Patience);
        return probe.TakesCommits ? HealthCheckResult.Healthy(probe.Description) : HealthCheckResult.Unhealthy(probe.Description);
    }

    /// <summary>One probe of the journal, started by its first reader, and when it finished.</summary>
    private sealed class Probe
    {
        private readonly Lazy<Task<HealthCheckResult>> _answer;
        private readonly TimeProvider _clock;
        private long _finished;

        public Probe(Func<Task<HealthCheckResult>> probe, TimeProvider clock)
        {
            _clock = clock;
            _answer = new Lazy<Task<HealthCheckResult>>(async () =>
            {
                try
                {
                    return await probe();
                }
                finally
                {
                    Volatile.Write(ref _finished, _clock.GetTimestamp());
                }
            });
        }

        public Task<HealthCheckResult> Result => _answer.Value;

        public bool FinishedLongerAgoThan(TimeSpan interval) =>
            Result.IsCompleted && _clock.GetElapsedTime(Volatile.Read(ref _finished)) >= interval;
    }
}
