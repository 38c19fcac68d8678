using ActorBoard.Actors.Board;
using ActorBoard.Tests.Support;
using Akka.Actor;

namespace ActorBoard.Tests.Actors;

/// <summary>The store on a real SQLite file, configured exactly as the server configures it.</summary>
public sealed class MessageStoreSqliteSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly MessageStoreSettings Settings = new(SnapshotEvery: 3, MaxPendingAppends: 100_000);
    private readonly TempDatabase _database;
    private readonly TestClock _clock = TestClock.StartingAt("2026-11-23T12:00:00Z");

    public MessageStoreSqliteSpecs(ITestOutputHelper output)
        : this(new TempDatabase(), output)
    {
    }

    private MessageStoreSqliteSpecs(TempDatabase database, ITestOutputHelper output)
        : base(database.SystemSetup(), "sqlite-spec", output)
    {
        _database = database;
    }

    [Fact]
    public async Task Messages_survive_into_a_new_actor_system_on_the_same_file()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        var texts = Enumerable.Range(1, 7).Select(i => $"durable {i} — ünïcödé 🎉").ToList();
        foreach (var text in texts)
        {
            store.Tell(new AppendMessage(BoardName.Default, text));
        }

        for (var i = 0; i < texts.Count; i++)
        {
            await ExpectMsgAsync<MessageAppended>();
        }

        await Sys.Terminate();

        using var restarted = ActorSystem.Create("sqlite-spec-restarted", _database.SystemSetup());
        var recovered = restarted.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        var board = await recovered.Ask<MessagesPage>(new GetMessages(BoardName.Default, After: 0, Before: null, Limit: 100), TimeSpan.FromSeconds(10));

        Assert.Equal(texts, board.Messages.Select(m => m.Text));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), board.Messages.Select(m => m.Id));
        Assert.All(board.Messages, m => Assert.Equal(_clock.GetUtcNow(), m.PostedAt));
        await restarted.Terminate();
    }

    [Fact]
    public async Task A_board_that_moves_to_another_node_and_back_recovers_every_message()
    {
        // Two actor systems on one journal, as two cluster nodes share one: the board is written
        // from this one, then from the other, then from this one again (each journal records itself
        // as the writer), and a fresh incarnation must still replay all of it.
        using var other = ActorSystem.Create("sqlite-spec-other-node", _database.SystemSetup());
        await AppendAndStop(Sys, "on node A", 1);
        await AppendAndStop(other, "on node B", 2);
        await AppendAndStop(Sys, "on node A again", 3);

        var recovered = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings with { SnapshotEvery = 1000 }, _clock));
        var board = await recovered.Ask<MessagesPage>(GetMessages.Newest(BoardName.Default, 100), TimeSpan.FromSeconds(10));

        Assert.Equal(["on node A", "on node B", "on node A again"], board.Messages.Select(m => m.Text));
        Assert.Equal([1L, 2L, 3L], board.Messages.Select(m => m.Id));
        await other.Terminate();
    }

    private async Task AppendAndStop(ActorSystem node, string text, long expectedId)
    {
        var store = node.ActorOf(MessageStore.Props(BoardName.Default, Settings with { SnapshotEvery = 1000 }, _clock));
        var appended = await store.Ask<MessageAppended>(new AppendMessage(BoardName.Default, text), TimeSpan.FromSeconds(10));
        Assert.Equal(expectedId, appended.Message.Id);
        Watch(store);
        store.Tell(StopBoard.Instance);
        await ExpectTerminatedAsync(store);
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _database.Dispose();
    }
}
