using ActorBoard.Actors;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server;

/// <summary>Prepares the board's SQLite file at start, or stops the start with a clear message.</summary>
internal sealed class BoardDatabaseStartup(IOptions<BoardOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Storage == BoardStorage.Sqlite)
        {
            SqliteBoardFile.Prepare(options.Value.ConnectionString);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
