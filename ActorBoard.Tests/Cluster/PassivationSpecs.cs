using ActorBoard.Actors.Board;
using ActorBoard.Actors.Live;
using ActorBoard.Actors.Storage;
using ActorBoard.Tests.Support;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace ActorBoard.Tests.Cluster;

/// <summary>
/// Memory follows the boards in use: a board left alone for its idle timeout is unloaded, and
/// comes back, whole, from the journal when next used; a board with a live reader stays.
/// </summary>
public sealed class PassivationSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMilliseconds(300);
    private BoardNode? _node;

    private BoardNode Node => _node!;

    [Fact]
    public async Task An_idle_board_is_unloaded_and_comes_back_with_its_messages_when_next_used()
    {
        await Node.Boards.Ask<AppendReply>(new AppendMessage("sleepy", "written before a nap"), Patience);
        Assert.Contains("sleepy", await LoadedBoards());

        await Eventually.Until(async () => !(await LoadedBoards()).Contains("sleepy"), TimeSpan.FromSeconds(20));
        var page = await Node.Boards.Ask<MessagesPage>(GetMessages.Newest("sleepy", 10), Patience);

        Assert.Equal("written before a nap", Assert.Single(page.Messages).Text);
    }

    [Fact]
    public async Task A_board_with_a_live_reader_stays_loaded_past_its_idle_timeout()
    {
        var buffer = new LiveBuffer(capacity: 10);
        var subscribed = new TaskCompletionSource<long>();
        Node.System.ActorOf(LiveReader.Props(Node.Boards, "watched", buffer, subscribed));
        await subscribed.Task.WaitAsync(Patience);

        for (var check = 0; check < 10; check++)
        {
            await Task.Delay(IdleTimeout / 2);
            Assert.Contains("watched", await LoadedBoards());
        }
    }

    public async Task InitializeAsync() =>
        _node = await BoardNode.StartAsync(
            new MemoryStorage(), seeds: [], new MessageStoreSettings(SnapshotEvery: 1000, MaxPendingAppends: 100, IdleTimeout));

    public async Task DisposeAsync() => await Node.DisposeAsync();

    private async Task<IReadOnlyCollection<string>> LoadedBoards()
    {
        var state = await Node.Boards.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Patience);
        return state.Shards.SelectMany(shard => shard.EntityIds).ToList();
    }
}
