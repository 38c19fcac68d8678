using ActorBoard.Actors;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server;

/// <summary>Prepares the board's SQLite file or PostgreSQL schema at start, or stops the start with a clear message; says once where the board is kept.</summary>
internal sealed class BoardDatabaseStartup(IOptions<BoardOptions> options, ILogger<BoardDatabaseStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var connectionString = options.Value.ConnectionString;
        switch (options.Value.Storage)
        {
            case BoardStorage.Sqlite:
                SqliteBoardFile.Prepare(connectionString);
                logger.LogInformation("The board is kept in the SQLite file {DatabasePath}", SqliteBoardFile.PathOf(connectionString));
                break;
            case BoardStorage.Postgres:
                PostgresBoardDatabase.Prepare(connectionString);
                logger.LogInformation("The board is kept in the PostgreSQL {Database}", PostgresBoardDatabase.Describe(connectionString));
                if (options.Value.Cluster.SeedNodes.Count == 0)
                {
                    // Right for one node alone; wrong for a second node on the same database, which
                    // would then write the same boards as this one without either knowing.
                    logger.LogWarning(
                        "This node has no Board:Cluster:SeedNodes, so it forms a cluster of its own on the shared PostgreSQL journal. " +
                        "That is right only if it is the one node using {Database}: every other node must name seed nodes of this cluster, " +
                        "or two clusters would each run the same boards and refuse each other's writes",
                        PostgresBoardDatabase.Describe(connectionString));
                }

                break;
            default:
                logger.LogInformation("The board is kept in memory only (Board:Storage={Storage}): it is forgotten when the server stops", options.Value.Storage);
                break;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
