using ActorBoard.Actors.Board;
using ActorBoard.Actors.Hosting;
using ActorBoard.Actors.Storage;
using ActorBoard.Fixtures;
using ActorBoard.Tests.Support;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Remote;
using Akka.Remote.Transport;

namespace ActorBoard.Tests.Cluster;

/// <summary>
/// A network partition cuts one node of three off from the others (Akka.Remote's throttling
/// transport drops everything between them; the nodes keep running). The split-brain resolver
/// keeps the majority: the minority node downs itself, and its boards move to the majority, so
/// no board ever has two writers and every acknowledged post is stored exactly once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SplitBrainSpecs(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    // The throttler adapter lets a spec cut links; it adds "trttl" to every node's address scheme.
    private const string CuttableLinks = "akka.remote.dot-netty.tcp.applied-adapters = [trttl]";
    private readonly List<BoardNode> _nodes = [];

    [SkippableFact]
    public async Task A_node_cut_off_from_the_majority_downs_itself_and_its_boards_move_with_every_acknowledged_post()
    {
        var (majority, minority) = await StartThreeNodesCutting();
        var board = await BoardLivingOn(minority);
        var acknowledged = new List<string>();
        await Post(majority[0], board, "before the partition", acknowledged);

        await CutOff(minority, majority);

        // The minority node serves its board until it learns it is on the minority side, then downs itself.
        using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            for (var i = 0; !minority.System.WhenTerminated.IsCompleted; i++)
            {
                await Post(minority, board, $"through the cut-off node {i}", acknowledged);
                await Task.Delay(100, patience.Token);
            }
        }

        await Eventually.Until(() => majority.All(node => node.Cluster.State.Members.Count == 2), TimeSpan.FromSeconds(30));
        await Post(majority[1], board, "after the move", acknowledged);

        var stored = await majority[0].Boards.Ask<MessagesPage>(GetMessages.Newest(board, 1000), Patience);
        var texts = stored.Messages.Select(m => m.Text).ToList();
        // Every acknowledged post is stored, once, in order. A post through the cut-off node whose
        // answer was lost as the node downed itself may be stored too: acknowledged means stored,
        // not the other way round.
        Assert.Equal(acknowledged, texts.Where(acknowledged.Contains));
        Assert.Equal(texts.Distinct(), texts);
        Assert.All(texts.Except(acknowledged), text => Assert.StartsWith("through the cut-off node", text));
        Assert.Equal(Enumerable.Range(1, texts.Count).Select(id => (long)id), stored.Messages.Select(m => m.Id));
        Assert.Contains(acknowledged, text => text.StartsWith("through the cut-off node", StringComparison.Ordinal));
        Assert.Contains("after the move", acknowledged);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    /// <summary>Three nodes on one PostgreSQL journal; the third (youngest, so not hosting the shard coordinator) is the one to cut off.</summary>
    private async Task<(BoardNode[] Majority, BoardNode Minority)> StartThreeNodesCutting()
    {
        var journal = postgres.CreateDatabase();
        new PostgresStorage(journal).Prepare();
        var seedPort = FreePort.Next();
        var seed = $"akka.trttl.tcp://{BoardNodeHosting.SystemName}@127.0.0.1:{seedPort}";
        for (var i = 0; i < 3; i++)
        {
            _nodes.Add(await BoardNode.StartAsync(
                new PostgresStorage(journal), [seed], port: i == 0 ? seedPort : null, extraConfig: CuttableLinks));
        }

        await Eventually.Until(() => _nodes.All(node => node.Cluster.State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) == 3), TimeSpan.FromSeconds(30));
        await Eventually.Until(async () => (await _nodes[0].Boards.Ask<ClusterShardingStats>(new GetClusterShardingStats(Patience), Patience)).Regions.Count == 3, TimeSpan.FromSeconds(30));
        return ([_nodes[0], _nodes[1]], _nodes[2]);
    }

    /// <summary>A board whose shard the coordinator allocates to <paramref name="node"/>.</summary>
    private static async Task<string> BoardLivingOn(BoardNode node)
    {
        for (var i = 0; ; i++)
        {
            var board = $"partitioned-{i}";
            await node.Boards.Ask<MessagesPage>(GetMessages.Newest(board, 1), Patience);
            var location = await node.Boards.Ask<EntityLocation>(new GetEntityLocation(board, Patience), Patience);
            if (location.ShardRegion == node.Cluster.SelfAddress)
            {
                return board;
            }
        }
    }

    /// <summary>Drops every message between <paramref name="node"/> and <paramref name="others"/>, both ways.</summary>
    private static async Task CutOff(BoardNode node, IEnumerable<BoardNode> others)
    {
        var transport = ((IRemoteActorRefProvider)((ExtendedActorSystem)node.System).Provider).Transport;
        foreach (var other in others)
        {
            Assert.True(await transport.ManagementCommand(new SetThrottle(other.Cluster.SelfAddress, ThrottleTransportAdapter.Direction.Both, Blackhole.Instance)));
        }
    }

    /// <summary>Posts through <paramref name="node"/>, noting the text if, and only if, the post was acknowledged.</summary>
    private static async Task Post(BoardNode node, string board, string text, List<string> acknowledged)
    {
        try
        {
            if (await node.Boards.Ask<AppendReply>(new AppendMessage(board, text), Patience) is MessageAppended)
            {
                acknowledged.Add(text);
            }
        }
        catch (Exception e) when (e is AskTimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            // Not acknowledged: the node is shutting down, or its board is gone.
        }
    }
}
