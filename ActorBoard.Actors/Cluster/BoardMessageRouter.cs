using ActorBoard.Actors.Board;
using Akka.Cluster.Sharding;

namespace ActorBoard.Actors.Cluster;

/// <summary>
/// Routes every <see cref="IBoardMessage"/> to its board: the board's name is its entity id,
/// and a hash of the name its shard, so a board lives on exactly one node at a time.
/// </summary>
public sealed class BoardMessageRouter(int maxNumberOfShards) : HashCodeMessageExtractor(maxNumberOfShards)
{
    /// <summary>Shards per cluster: several per node for even spreading, few enough to move quickly.</summary>
    public const int DefaultShards = 100;

    public override string? EntityId(object message) => (message as IBoardMessage)?.Board;
}

/// <summary>The key under which the boards' shard region is registered: <c>IRequiredActor&lt;BoardRegion&gt;</c>.</summary>
public sealed class BoardRegion
{
    private BoardRegion()
    {
    }
}
