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
                break;
            default:
                logger.LogInformation("The board is kept in memory only (Board:Storage={Storage}): it is forgotten when the server stops", options.Value.Storage);
                break;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
