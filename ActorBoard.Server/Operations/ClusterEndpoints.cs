using ActorBoard.Actors.Board;
using ActorBoard.Actors.Cluster;
using ActorBoard.Server.Page;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server.Operations;

/// <summary>A member of the cluster as this node sees it.</summary>
public sealed record ClusterMemberResource(string Address, string Status, bool Reachable);

/// <summary>The cluster seen from the node that answers.</summary>
public sealed record ClusterResource(string Self, IReadOnlyList<ClusterMemberResource> Members);

/// <summary>Where a board lives: its shard, and the node hosting that shard (null while no node does).</summary>
public sealed record BoardHomeResource(string Board, string Shard, string? Node);

/// <summary>
/// For operators: <c>GET /api/cluster</c> lists the members as this node sees them, and
/// <c>GET /api/cluster/boards/{name}</c> says which node a board lives on (Akka's own answer from
/// the shard region), so a slow or missing board can be traced to its node.
/// </summary>
public static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapClusterInfo(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cluster", ShowCluster);
        app.MapGet($"/api/cluster/boards/{{{BoardPaths.NameRouteValue}}}", ShowBoardHome);
        return app;
    }

    private static ClusterResource ShowCluster(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        return new ClusterResource(
            cluster.SelfAddress.ToString(),
            state.Members
                .Select(member => new ClusterMemberResource(member.Address.ToString(), member.Status.ToString(), !state.Unreachable.Contains(member)))
                .ToList());
    }

    private static async Task<IResult> ShowBoardHome(HttpContext context, IRequiredActor<BoardRegion> boards, IOptions<BoardOptions> options)
    {
        var name = BoardPaths.Board(context);
        var settings = options.Value;
        var location = await Locate(boards, name, settings, context.RequestAborted);
        if (location.ShardRegion == Address.AllSystems)
        {
            // This node has not yet learned where the board's shard lives: reading the board asks the
            // coordinator (and starts the board where it allocates it; a read writes nothing).
            await boards.PageAsync(history: null, GetMessages.Newest(name, 1), settings, context.RequestAborted);
            location = await Locate(boards, name, settings, context.RequestAborted);
        }

        var node = location.ShardRegion == Address.AllSystems ? null : location.ShardRegion.ToString();
        return Results.Ok(new BoardHomeResource(name, location.ShardId, node));
    }

    private static Task<EntityLocation> Locate(IRequiredActor<BoardRegion> boards, string board, BoardOptions options, CancellationToken aborted) =>
        // The region looks the board up within half the time, so its answer arrives before the ask gives up.
        boards.ActorRef.Ask<EntityLocation>(new GetEntityLocation(board, options.AskTimeout / 2), options.AskTimeout, aborted);
}
