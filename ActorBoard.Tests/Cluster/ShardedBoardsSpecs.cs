using ActorBoard.Actors.Board;
using ActorBoard.Actors.Hosting;
using ActorBoard.Actors.Storage;
using ActorBoard.Fixtures;
using ActorBoard.Tests.Support;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace ActorBoard.Tests.Cluster;

/// <summary>
/// Boards as sharded entities on real cluster nodes (actor systems in this process, joined over
/// loopback remoting, wired exactly as the server wires them), sharing one real PostgreSQL journal.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ShardedBoardsSpecs(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly List<BoardNode> _nodes = [];

    [SkippableFact]
    public async Task Boards_spread_over_both_nodes_and_each_is_reached_from_either()
    {
        var (first, second) = await StartTwoNodes();
        var boards = Enumerable.Range(1, 20).Select(i => $"board-{i}").ToList();

        foreach (var board in boards)
        {
            Assert.IsType<MessageAppended>(await first.Boards.Ask<AppendReply>(new AppendMessage(board, $"posted through the first node to {board}"), Patience));
        }

        foreach (var board in boards)
        {
            var page = await second.Boards.Ask<MessagesPage>(GetMessages.Newest(board, 10), Patience);
            Assert.Equal($"posted through the first node to {board}", Assert.Single(page.Messages).Text);
        }

        Assert.NotEmpty(await HostedShards(first));
        Assert.NotEmpty(await HostedShards(second));
    }

    [SkippableFact]
    public async Task Every_node_announces_its_builds_version_so_new_shards_go_to_the_newest_nodes_in_an_upgrade()
    {
        var (first, _) = await StartTwoNodes();

        var built = Akka.Util.AppVersion.Create(BoardNodeHosting.AppVersion);
        Assert.NotEqual(Akka.Util.AppVersion.Zero, built);
        Assert.All(first.Cluster.State.Members, member => Assert.Equal(built, member.AppVersion));
    }

    [SkippableFact]
    public async Task When_a_node_leaves_its_boards_move_to_the_other_with_every_message()
    {
        var (first, second) = await StartTwoNodes();
        var boards = Enumerable.Range(1, 20).Select(i => $"moving-{i}").ToList();
        foreach (var board in boards)
        {
            await second.Boards.Ask<AppendReply>(new AppendMessage(board, "before the move"), Patience);
        }

        Assert.NotEmpty(await HostedShards(second));
        await second.LeaveAsync();

        foreach (var board in boards)
        {
            Assert.IsType<MessageAppended>(await first.Boards.Ask<AppendReply>(new AppendMessage(board, "after the move"), Patience));
            var page = await first.Boards.Ask<MessagesPage>(GetMessages.Newest(board, 10), Patience);
            Assert.Equal(["before the move", "after the move"], page.Messages.Select(m => m.Text));
        }
    }

    [SkippableFact]
    public async Task A_post_repeated_with_its_key_after_the_board_moved_gets_the_first_message_and_is_stored_once()
    {
        var (first, second) = await StartTwoNodes();
        var boards = Enumerable.Range(1, 20).Select(i => $"retried-{i}").ToList();
        var answers = new Dictionary<string, MessageAppended>();
        foreach (var board in boards)
        {
            answers[board] = (MessageAppended)await second.Boards.Ask<AppendReply>(new AppendMessage(board, "sent again later") { Key = PostKey.From($"api\n{board}") }, Patience);
        }

        Assert.NotEmpty(await HostedShards(second));
        await second.LeaveAsync();

        foreach (var board in boards)
        {
            var repeat = await first.Boards.Ask<AppendReply>(new AppendMessage(board, "sent again later") { Key = PostKey.From($"api\n{board}") }, Patience);
            Assert.Equal(answers[board], repeat);
            Assert.Single((await first.Boards.Ask<MessagesPage>(GetMessages.Newest(board, 10), Patience)).Messages);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    private async Task<(BoardNode First, BoardNode Second)> StartTwoNodes()
    {
        var journal = postgres.CreateDatabase();
        new PostgresStorage(journal).Prepare();
        var seedPort = FreePort.Next();
        var seed = BoardNodeHosting.Address("127.0.0.1", seedPort);
        _nodes.Add(await BoardNode.StartAsync(new PostgresStorage(journal), [seed], port: seedPort));
        _nodes.Add(await BoardNode.StartAsync(new PostgresStorage(journal), [seed]));
        await Eventually.Until(() => _nodes.All(node => node.Cluster.State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) == 2), TimeSpan.FromSeconds(30));

        // Shards go to the regions the coordinator knows when they are first used: wait until it knows both.
        await Eventually.Until(async () => await KnownRegions(_nodes[0]) == 2, TimeSpan.FromSeconds(30));
        return (_nodes[0], _nodes[1]);
    }

    private static async Task<int> KnownRegions(BoardNode node)
    {
        var stats = await node.Boards.Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(3)), Patience);
        return stats.Regions.Count;
    }

    private static async Task<IReadOnlyCollection<string>> HostedShards(BoardNode node)
    {
        var state = await node.Boards.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Patience);
        return state.Shards.Select(shard => shard.ShardId).ToList();
    }
}
