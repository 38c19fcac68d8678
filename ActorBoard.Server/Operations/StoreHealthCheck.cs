using ActorBoard.Actors;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server;

/// <summary>Ready when the default board answers through the shard region (a board answers only once it has recovered from the journal).</summary>
internal sealed class StoreHealthCheck(IRequiredActor<BoardRegion> boards, IOptions<BoardOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var board = await boards.PageAsync(GetMessages.Newest(BoardName.Default, 0), options.Value, cancellationToken);
            return HealthCheckResult.Healthy($"The store has recovered; its newest message is {board.Version}.");
        }
        catch (Akka.Actor.AskTimeoutException)
        {
            return HealthCheckResult.Unhealthy($"The store did not answer within {options.Value.AskTimeout} (recovering, or restarting after a failure).");
        }
    }
}

/// <summary>Ready once this node is an Up member of its cluster, so its shard region can host and reach boards.</summary>
internal sealed class ClusterMemberHealthCheck(ActorSystem system) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var self = Akka.Cluster.Cluster.Get(system).SelfMember;
        return Task.FromResult(self.Status == Akka.Cluster.MemberStatus.Up
            ? HealthCheckResult.Healthy($"This node ({self.Address}) is an Up member of the cluster.")
            : HealthCheckResult.Unhealthy($"This node ({self.Address}) is {self.Status}, not yet an Up member of the cluster."));
    }
}

/// <summary>
/// Ready when the board's SQLite file takes a commit right now (not locked by another writer, not
/// read-only) and its disk has room for more. A full disk still grants locks, and may even take a
/// one-row commit into space the write-ahead log already holds, while the next post needs the log
/// to grow: hence the margin of free space as well.
/// </summary>
internal sealed class JournalWritableHealthCheck(IOptions<BoardOptions> options) : IHealthCheck
{
    /// <summary>
    /// Free space below which the journal is reported unable to commit. The write-ahead log grows by
    /// whole pages with every commit until its checkpoint (4 MiB); 1 MiB holds the largest allowed
    /// post several times over.
    /// </summary>
    public const long MinimumFreeBytes = 1024 * 1024;

    private const int BusyTimeoutSeconds = 1;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.Storage == BoardStorage.Memory)
        {
            return HealthCheckResult.Healthy("The journal is in memory.");
        }

        if (options.Value.Storage == BoardStorage.Postgres)
        {
            return await ProbePostgres(cancellationToken);
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
            await Task.Run(() => SqliteBoardFile.ProbeCommit(options.Value.ConnectionString, BusyTimeoutSeconds), cancellationToken);
            return HealthCheckResult.Healthy("The journal file takes commits.");
        }
        catch (SqliteException e)
        {
            return HealthCheckResult.Unhealthy($"The journal file does not take commits: {e.Message}");
        }
    }

    private async Task<HealthCheckResult> ProbePostgres(CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromSeconds(BusyTimeoutSeconds));
        try
        {
            await PostgresBoardDatabase.ProbeCommitAsync(options.Value.ConnectionString, patience.Token);
            return HealthCheckResult.Healthy("The journal database takes commits.");
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The journal database does not take commits: {e.Message}");
        }
    }
}
