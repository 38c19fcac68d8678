using ActorBoard.Actors.Storage;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server.Operations;

/// <summary>
/// Checks at start that <c>ConnectionStrings:Board</c> suits <c>Board:Storage</c>, as the storage
/// itself says, and that a node given seed nodes keeps its boards where the other nodes can too.
/// </summary>
internal sealed class StorageSettingsValidation : IValidateOptions<BoardOptions>
{
    public ValidateOptionsResult Validate(string? name, BoardOptions options)
    {
        var storage = BoardStorage.For(options.Storage, options.ConnectionString);
        if (storage.ConnectionProblem is { } problem)
        {
            return ValidateOptionsResult.Fail($"Board:Storage is {options.Storage}, so ConnectionStrings:{BoardServices.ConnectionStringName} {problem}.");
        }

        if (options.Cluster.SeedNodes.Count > 0 && !storage.SharedByNodes)
        {
            return ValidateOptionsResult.Fail(
                "Board:Cluster:SeedNodes names other nodes, but several nodes need the shared PostgreSQL journal: set Board:Storage=Postgres " +
                $"and ConnectionStrings:{BoardServices.ConnectionStringName} to the database every node uses, or remove the seed nodes to run one node.");
        }

        return ValidateOptionsResult.Success;
    }
}
