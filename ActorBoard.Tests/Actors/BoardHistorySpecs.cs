using ActorBoard.Actors.Board;
using ActorBoard.Actors.Storage;
using ActorBoard.Tests.Support;
using Akka.Actor;
using Microsoft.Data.Sqlite;

namespace ActorBoard.Tests.Actors;

/// <summary>
/// A board in bounded memory, on a real SQLite file: the board keeps its newest messages, the
/// history (filled from the journal by <see cref="HistoryProjection"/>) keeps the rest, and a
/// message leaves the board's memory only once the history holds it.
/// </summary>
public sealed class BoardHistorySpecs : Akka.TestKit.Xunit2.TestKit
{
    private const string Board = "long";
    private static readonly MessageStoreSettings Settings = new(SnapshotEvery: 1000, MaxPendingAppends: 1000) { WindowMessages = 10 };
    private readonly TempDatabase _database;
    private readonly SqliteStorage _storage;
    private readonly TestClock _clock = TestClock.StartingAt("2026-12-03T12:00:00Z");

    public BoardHistorySpecs(ITestOutputHelper output)
        : this(new TempDatabase(), output)
    {
    }

    private BoardHistorySpecs(TempDatabase database, ITestOutputHelper output)
        : base(database.SystemSetup(), "history-spec", output)
    {
        _database = database;
        _storage = new SqliteStorage(database.ConnectionString);
    }

    private BoardHistory History => _storage.History;

    [Fact]
    public async Task A_board_keeps_every_message_in_memory_while_its_history_has_not_got_them()
    {
        var store = await BoardWith(Settings, 30);

        var page = await Page(store, GetMessages.Newest(Board, 100));

        Assert.Equal(0, page.HistoryBelow);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), page.Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task Once_the_history_holds_old_messages_the_board_lets_them_go_and_says_where_its_history_takes_over()
    {
        var store = await BoardWith(Settings, 30);
        Sys.ActorOf(HistoryProjection.Props(History));

        store.Tell(new AppendMessage(Board, "one more"));
        await ExpectMsgAsync<MessageAppended>();

        await AwaitAssertAsync(async () => Assert.Equal(22, (await Page(store, GetMessages.Newest(Board, 100))).HistoryBelow));
        var page = await Page(store, GetMessages.Newest(Board, 100));
        Assert.Equal(Enumerable.Range(22, 10).Select(i => (long)i), page.Messages.Select(m => m.Id));
        Assert.Equal(1, page.FirstId);
        Assert.Equal(
            Enumerable.Range(1, 21).Select(i => $"message {i}"),
            (await History.AfterAsync(Board, 0, page.HistoryBelow, 100, default)).Select(m => m.Text));
    }

    [Fact]
    public async Task A_snapshot_holds_the_newest_messages_only_and_the_board_recovers_from_it()
    {
        Sys.ActorOf(HistoryProjection.Props(History));
        var store = await BoardWith(Settings with { SnapshotEvery = 5 }, 40);
        // The window is within its bounds (10, and a quarter more before the board lets go again).
        await AwaitAssertAsync(async () => Assert.True((await Page(store, GetMessages.Newest(Board, 1))).HistoryBelow >= 29));
        await Post(store, 10); // a snapshot once a window's worth came: the last after 50 messages, of at most these 22
        await Stop(store);

        var recovered = Sys.ActorOf(MessageStore.Props(Board, Settings, _clock, history: History));
        var page = await Page(recovered, new GetMessages(Board, After: 0, Before: null, Limit: 100));

        Assert.Equal(50, page.Version);
        Assert.True(page.HistoryBelow > 1);
        Assert.Equal(Enumerable.Range((int)page.HistoryBelow, 51 - (int)page.HistoryBelow).Select(i => (long)i), page.Messages.Select(m => m.Id));
        Assert.True(NewestSnapshotBytes() < 25 * 40, "a snapshot of the newest messages, not of all 50"); // each message here is under 40 bytes
    }

    [Fact]
    public async Task A_board_that_keeps_a_window_takes_a_snapshot_once_a_window_s_worth_came()
    {
        Sys.ActorOf(HistoryProjection.Props(History));
        var store = await BoardWith(Settings with { SnapshotEvery = 1 }, 15);
        await Stop(store);

        await AwaitAssertAsync(() => Assert.NotNull(NewestSnapshotSequenceNr()));
        Assert.Equal(10, NewestSnapshotSequenceNr()); // one post, one event: a snapshot after 10, none after each
    }

    [Fact]
    public async Task A_snapshot_taken_while_the_history_was_behind_is_replaced_once_it_catches_up()
    {
        var store = await BoardWith(Settings with { SnapshotEvery = 5 }, 40);
        var behind = NewestSnapshotBytes();

        Sys.ActorOf(HistoryProjection.Props(History));

        await AwaitAssertAsync(() => Assert.True(NewestSnapshotBytes() < behind / 2, "a snapshot of the window, not of all 40 messages"));
        await Stop(store);
        var recovered = Sys.ActorOf(MessageStore.Props(Board, Settings, _clock, history: History));
        Assert.True((await Page(recovered, GetMessages.Newest(Board, 1))).HistoryBelow > 20);
    }

    [Fact]
    public async Task A_post_repeated_after_its_message_left_the_board_is_answered_from_the_history()
    {
        var key = PostKey.From("form\nfirst-post");
        var store = Sys.ActorOf(MessageStore.Props(Board, Settings, _clock, history: History));
        store.Tell(new AppendMessage(Board, "first") { Key = key });
        Assert.Equal(1, (await ExpectMsgAsync<MessageAppended>()).Message.Id);
        await Post(store, 30);
        Sys.ActorOf(HistoryProjection.Props(History));
        await AwaitAssertAsync(async () => Assert.True((await Page(store, GetMessages.Newest(Board, 1))).HistoryBelow > 1));

        store.Tell(new AppendMessage(Board, "first") { Key = key });

        var repeat = await ExpectMsgAsync<MessageAppended>();
        Assert.Equal((1L, "first"), (repeat.Message.Id, repeat.Message.Text));
        Assert.Equal(31, (await Page(store, GetMessages.Newest(Board, 1))).Version);
    }

    [Fact]
    public async Task A_message_removed_after_it_left_the_board_is_hidden_until_the_history_shows_it_removed()
    {
        Sys.ActorOf(HistoryProjection.Props(History));
        var store = await BoardWith(Settings, 30);
        await AwaitAssertAsync(async () => Assert.True((await Page(store, GetMessages.Newest(Board, 1))).HistoryBelow > 3));

        store.Tell(new RemoveMessage(Board, 3, "spam"));
        Assert.Equal(new ModerationDone(Changed: true), await ExpectMsgAsync<ModerationReply>());
        var answer = await Page(store, new GetMessages(Board, After: 0, Before: null, Limit: 10));

        Assert.True(answer.HiddenInHistory.Contains(3) || (await History.FindAsync(Board, 3, default))!.IsRemoved);
        await AwaitAssertAsync(async () => Assert.True((await History.FindAsync(Board, 3, default))!.IsRemoved));
        await AwaitAssertAsync(async () => Assert.Empty((await Page(store, GetMessages.Newest(Board, 1))).HiddenInHistory));
        store.Tell(new RemoveMessage(Board, 3, "spam, again"));
        Assert.Equal(new ModerationDone(Changed: false), await ExpectMsgAsync<ModerationReply>());
    }

    [Fact]
    public async Task Erasing_waits_for_the_history_so_no_message_is_lost_with_the_journal_events()
    {
        var store = await BoardWith(Settings, 30);
        store.Tell(new RemoveMessage(Board, 25, "doxxing") { Erase = true });
        ExpectNoMsg(TimeSpan.FromMilliseconds(500)); // no history yet: the journal events must stay

        Sys.ActorOf(HistoryProjection.Props(History));

        Assert.Equal(new ModerationDone(Changed: true), await ExpectMsgAsync<ModerationReply>(TimeSpan.FromSeconds(15)));
        Assert.Equal(30, (await History.ProgressAsync(Board, default)).HeldThrough);
        Assert.True((await History.FindAsync(Board, 25, default))!.IsRemoved);
        await Stop(store);
        var recovered = Sys.ActorOf(MessageStore.Props(Board, Settings, _clock, history: History));
        Assert.Equal(30, (await Page(recovered, GetMessages.Newest(Board, 1))).Version);
    }

    private async Task<IActorRef> BoardWith(MessageStoreSettings settings, int messages)
    {
        var store = Sys.ActorOf(MessageStore.Props(Board, settings, _clock, history: History));
        await Post(store, messages);
        return store;
    }

    private async Task Post(IActorRef store, int messages)
    {
        var first = (await Page(store, GetMessages.Newest(Board, 1))).Version + 1;
        for (var i = first; i < first + messages; i++)
        {
            store.Tell(new AppendMessage(Board, $"message {i}"));
            await ExpectMsgAsync<MessageAppended>();
        }
    }

    private async Task<MessagesPage> Page(IActorRef store, GetMessages query)
    {
        store.Tell(query);
        return await ExpectMsgAsync<MessagesPage>();
    }

    private async Task Stop(IActorRef store)
    {
        Watch(store);
        store.Tell(StopBoard.Instance);
        await ExpectTerminatedAsync(store);
    }

    private long NewestSnapshotBytes() => (long)NewestSnapshot("length(snapshot)")!;

    private long? NewestSnapshotSequenceNr() => (long?)NewestSnapshot("sequence_number");

    private object? NewestSnapshot(string column)
    {
        using var connection = new SqliteConnection(_database.ConnectionString);
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT {column} FROM snapshot ORDER BY sequence_number DESC LIMIT 1;";
        return query.ExecuteScalar();
    }
}
