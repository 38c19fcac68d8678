using ActorBoard.Actors;
using Akka.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server;

/// <summary>Ready when the MessageStore actor answers (it answers only once it has recovered from the journal).</summary>
internal sealed class StoreHealthCheck(IRequiredActor<MessageStore> store, IOptions<BoardOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var board = await store.SnapshotAsync(options.Value, cancellationToken);
            return HealthCheckResult.Healthy($"The store has recovered and holds {board.Messages.Count} messages (version {board.Version}).");
        }
        catch (Akka.Actor.AskTimeoutException)
        {
            return HealthCheckResult.Unhealthy($"The store did not answer within {options.Value.AskTimeout} (recovering, or restarting after a failure).");
        }
    }
}

/// <summary>Ready when the board's SQLite file can take a write lock right now (not locked, not read-only).</summary>
internal sealed class JournalWritableHealthCheck(IOptions<BoardOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.Storage != BoardStorage.Sqlite)
        {
            return HealthCheckResult.Healthy("The journal is in memory.");
        }

        var connectionString = new SqliteConnectionStringBuilder(options.Value.ConnectionString)
        {
            Mode = SqliteOpenMode.ReadWrite,
            DefaultTimeout = 1,
            Pooling = false,
        }.ToString();
        try
        {
            // Microsoft.Data.Sqlite blocks even in its async calls: keep this off the request thread.
            await Task.Run(
                () =>
                {
                    using var connection = new SqliteConnection(connectionString);
                    connection.Open();
                    using var probe = connection.CreateCommand();
                    probe.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
                    probe.ExecuteNonQuery();
                },
                cancellationToken);
            return HealthCheckResult.Healthy("The journal file takes writes.");
        }
        catch (SqliteException e)
        {
            return HealthCheckResult.Unhealthy($"The journal file does not take writes: {e.Message}");
        }
    }
}
