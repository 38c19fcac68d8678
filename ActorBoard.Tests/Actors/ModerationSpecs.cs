using ActorBoard.Actors.Board;
using ActorBoard.Tests.Support;
using Akka.Actor;

namespace ActorBoard.Tests.Actors;

/// <summary>
/// The operator's commands to a board, on Akka's in-memory journal: a removed message keeps its
/// place without its text, a closed board refuses posts until reopened, live readers hear of a
/// removal, and every change is an event a new incarnation recovers.
/// </summary>
public sealed class ModerationSpecs : Akka.TestKit.Xunit2.TestKit
{
    private const string Board = "moderated";
    private static readonly MessageStoreSettings Settings = new(SnapshotEvery: 1000, MaxPendingAppends: 1000);
    private readonly TestClock _clock = TestClock.StartingAt("2026-12-03T12:00:00Z");

    public ModerationSpecs(ITestOutputHelper output)
        : base(InMemoryJournal.Config, output: output)
    {
    }

    [Fact]
    public async Task A_removed_message_keeps_its_id_and_time_but_loses_its_text()
    {
        var store = await BoardWith(Settings, "buy cheap pills", "a real message");

        store.Tell(new RemoveMessage(Board, 1, "spam"));

        Assert.Equal(new ModerationDone(Changed: true), await ExpectMsgAsync<ModerationReply>());
        var page = await Page(store);
        Assert.Equal([1L, 2L], page.Messages.Select(m => m.Id));
        Assert.Equal(["", "a real message"], page.Messages.Select(m => m.Text));
        Assert.True(page.Messages[0].IsRemoved);
        Assert.Equal(_clock.GetUtcNow(), page.Messages[0].PostedAt);
        Assert.Equal(1, page.Edits);
    }

    [Fact]
    public async Task Removing_again_changes_nothing_and_an_id_the_board_never_gave_is_no_such_message()
    {
        var store = await BoardWith(Settings, "once");
        store.Tell(new RemoveMessage(Board, 1, "spam"));
        await ExpectMsgAsync<ModerationDone>();

        store.Tell(new RemoveMessage(Board, 1, "spam, again"));
        Assert.Equal(new ModerationDone(Changed: false), await ExpectMsgAsync<ModerationReply>());
        store.Tell(new RemoveMessage(Board, 2, "not there"));
        Assert.Equal(new NoSuchMessage(2), await ExpectMsgAsync<ModerationReply>());
        Assert.Equal(1, (await Page(store)).Edits);
    }

    [Fact]
    public async Task A_live_reader_is_told_which_message_was_removed()
    {
        var store = await BoardWith(Settings, "first", "second");
        var reader = CreateTestProbe();
        store.Tell(new SubscribeToBoard(Board, reader.Ref));
        await ExpectMsgAsync<Subscribed>();

        store.Tell(new RemoveMessage(Board, 2, "abuse"));

        await reader.ExpectMsgAsync(new MessageWithdrawn(2));
    }

    [Fact]
    public async Task A_closed_board_refuses_posts_until_it_is_reopened_and_stays_readable()
    {
        var store = await BoardWith(Settings, "before closing");

        store.Tell(new CloseBoard(Board, "a raid"));
        await ExpectMsgAsync<ModerationDone>();
        store.Tell(new AppendMessage(Board, "while closed"));
        Assert.Same(BoardClosedToPosts.Instance, await ExpectMsgAsync<AppendReply>());
        Assert.True((await Page(store)).Closed);

        store.Tell(new ReopenBoard(Board, "the raid is over"));
        await ExpectMsgAsync<ModerationDone>();
        store.Tell(new AppendMessage(Board, "after reopening"));
        Assert.Equal(2, (await ExpectMsgAsync<MessageAppended>()).Message.Id);
        Assert.Equal(["before closing", "after reopening"], (await Page(store)).Messages.Select(m => m.Text));
    }

    [Theory]
    [InlineData(1000)] // recovered by replaying the operator's events
    [InlineData(1)] // recovered from a snapshot taken after them
    public async Task A_new_incarnation_recovers_removals_and_a_closed_board(int snapshotEvery)
    {
        var settings = Settings with { SnapshotEvery = snapshotEvery };
        var first = await BoardWith(settings, "removed", "kept");
        first.Tell(new RemoveMessage(Board, 1, "spam"));
        first.Tell(new CloseBoard(Board, "a raid"));
        await ExpectMsgAsync<ModerationDone>();
        await ExpectMsgAsync<ModerationDone>();
        first.Tell(new AppendMessage(Board, "one more, so the last snapshot follows the changes"));
        await ExpectMsgAsync<AppendReply>();
        await Stop(first);

        var second = Sys.ActorOf(MessageStore.Props(Board, settings, _clock));

        var page = await Page(second);
        Assert.Equal([true, false], page.Messages.Select(m => m.IsRemoved));
        Assert.True(page.Closed);
        Assert.Equal(2, page.Edits);
    }

    [Fact]
    public async Task Erasing_answers_once_the_board_recovers_from_a_snapshot_without_the_text()
    {
        var first = await BoardWith(Settings, "must not be kept", "kept");

        first.Tell(new RemoveMessage(Board, 1, "unlawful") { Erase = true });
        Assert.Equal(new ModerationDone(Changed: true), await ExpectMsgAsync<ModerationReply>());
        await Stop(first);

        var second = Sys.ActorOf(MessageStore.Props(Board, Settings, _clock));
        second.Tell(new AppendMessage(Board, "after erasing"));
        Assert.Equal(3, (await ExpectMsgAsync<MessageAppended>()).Message.Id);
        Assert.Equal(["", "kept", "after erasing"], (await Page(second)).Messages.Select(m => m.Text));
    }

    private async Task<IActorRef> BoardWith(MessageStoreSettings settings, params string[] texts)
    {
        var store = Sys.ActorOf(MessageStore.Props(Board, settings, _clock));
        foreach (var text in texts)
        {
            store.Tell(new AppendMessage(Board, text));
            await ExpectMsgAsync<MessageAppended>();
        }

        return store;
    }

    private async Task<MessagesPage> Page(IActorRef store)
    {
        store.Tell(GetMessages.Newest(Board, 100));
        return await ExpectMsgAsync<MessagesPage>();
    }

    private async Task Stop(IActorRef store)
    {
        Watch(store);
        Sys.Stop(store);
        await ExpectTerminatedAsync(store);
    }
}
