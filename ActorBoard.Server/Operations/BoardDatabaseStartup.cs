using ActorBoard.Actors;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server;

/// <summary>Prepares the board's SQLite file at start, or stops the start with a clear message; says once where the board is kept.</summary>
internal sealed class BoardDatabaseStartup(IOptions<BoardOptions> options, ILogger<BoardDatabaseStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Storage == BoardStorage.Sqlite)
        {
            SqliteBoardFile.Prepare(options.Value.ConnectionString);
            logger.LogInformation("The board is kept in the SQLite file {DatabasePath}", SqliteBoardFile.PathOf(options.Value.ConnectionString));
        }
        else
        {
            logger.LogInformation("The board is kept in memory only (Board:Storage={Storage}): it is forgotten when the server stops", options.Value.Storage);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
