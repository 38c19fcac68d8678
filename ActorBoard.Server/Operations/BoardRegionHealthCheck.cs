using ActorBoard.Actors.Cluster;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorBoard.Server.Operations;

/// <summary>
/// Ready when this node's shard region answers, so requests reaching this node can reach any
/// board. It asks only this node: a board that is slow, or whose node is slow or gone, does not make
/// every node report unready at once (the cluster moves such boards by itself).
/// </summary>
internal sealed class BoardRegionHealthCheck(IRequiredActor<BoardRegion> boards) : IHealthCheck
{
    /// <summary>A region on this node answers at once; a probe that waits longer sees a node too busy to take traffic.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var state = await boards.ActorRef.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Patience, cancellationToken);
            return HealthCheckResult.Healthy($"This node's board region answers; it hosts {state.Shards.Count} shards.");
        }
        catch (AskTimeoutException)
        {
            return HealthCheckResult.Unhealthy($"This node's board region did not answer within {Patience.TotalSeconds:0} s.");
        }
    }
}
