using ActorBoard.Actors.Storage;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server.Operations;

/// <summary>Prepares the board's storage at start, or stops the start with a clear message; says once where the board is kept.</summary>
internal sealed class BoardDatabaseStartup(BoardStorage storage, IOptions<BoardOptions> options, ILogger<BoardDatabaseStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        storage.Prepare();
        logger.LogInformation("The board is kept in {Storage}", storage.Description);
        if (storage.SharedByNodes && options.Value.Cluster.SeedNodes.Count == 0)
        {
            // Right for one node alone; wrong for a second node on the same database, which
            // would then write the same boards as this one without either knowing.
            logger.LogWarning(
                "This node has no Board:Cluster:SeedNodes, so it forms a cluster of its own on the shared journal in {Storage}. " +
                "That is right only if it is the one node using it: every other node must name seed nodes of this cluster, " +
                "or two clusters would each run the same boards and refuse each other's writes",
                storage.Description);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
