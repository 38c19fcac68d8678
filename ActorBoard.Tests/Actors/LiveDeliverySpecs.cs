using ActorBoard.Actors;
using ActorBoard.Tests.Support;
using Akka.Actor;

namespace ActorBoard.Tests.Actors;

/// <summary>
/// Live delivery: a subscriber gets the board as of subscribing plus every message committed
/// after it, and a subscriber that stops reading is cut off instead of slowing anyone down.
/// </summary>
public sealed class LiveDeliverySpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(InMemoryJournal.Config, output: output)
{
    private static readonly MessageStoreSettings Settings = new(SnapshotEvery: 1000, MaxPendingAppends: 10_000);
    private readonly TestClock _clock = TestClock.StartingAt("2026-11-23T12:00:00Z");

    [Fact]
    public async Task A_subscriber_gets_the_board_so_far_then_each_later_message_exactly_once()
    {
        var store = Sys.ActorOf(MessageStore.Props(Settings, _clock));
        store.Tell(new AppendMessage("before"));
        await ExpectMsgAsync<MessageAppended>();

        var subscriber = new BoardSubscriber(capacity: 10);
        store.Tell(new SubscribeToBoard(subscriber));
        var subscribed = await ExpectMsgAsync<Subscribed>();
        store.Tell(new AppendMessage("after 1"));
        store.Tell(new AppendMessage("after 2"));
        await ExpectMsgAsync<MessageAppended>();
        await ExpectMsgAsync<MessageAppended>();

        Assert.Equal(["before"], subscribed.Board.Messages.Select(m => m.Text));
        Assert.Equal("after 1", (await subscriber.Reader.ReadAsync()).Text);
        Assert.Equal("after 2", (await subscriber.Reader.ReadAsync()).Text);
        Assert.False(subscriber.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_subscriber_that_stops_reading_is_cut_off_while_the_others_keep_receiving()
    {
        var store = Sys.ActorOf(MessageStore.Props(Settings, _clock));
        var stalled = new BoardSubscriber(capacity: 2);
        var reading = new BoardSubscriber(capacity: 100);
        store.Tell(new SubscribeToBoard(stalled));
        store.Tell(new SubscribeToBoard(reading));
        await ExpectMsgAsync<Subscribed>();
        await ExpectMsgAsync<Subscribed>();

        for (var i = 1; i <= 5; i++)
        {
            store.Tell(new AppendMessage($"message {i}"));
            await ExpectMsgAsync<MessageAppended>();
        }

        await Assert.ThrowsAsync<ReaderTooSlowException>(async () =>
        {
            await foreach (var _ in stalled.Reader.ReadAllAsync())
            {
            }
        });
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal($"message {i}", (await reading.Reader.ReadAsync()).Text);
        }
    }

    [Fact]
    public async Task Subscriptions_end_when_the_store_stops_so_readers_resume_elsewhere()
    {
        var store = Sys.ActorOf(MessageStore.Props(Settings, _clock));
        var subscriber = new BoardSubscriber(capacity: 10);
        store.Tell(new SubscribeToBoard(subscriber));
        await ExpectMsgAsync<Subscribed>();

        Sys.Stop(store);

        await Assert.ThrowsAsync<BoardRestartingException>(async () => await subscriber.Reader.Completion);
    }

    [Fact]
    public async Task An_unsubscribed_reader_receives_nothing_more()
    {
        var store = Sys.ActorOf(MessageStore.Props(Settings, _clock));
        var subscriber = new BoardSubscriber(capacity: 10);
        store.Tell(new SubscribeToBoard(subscriber));
        await ExpectMsgAsync<Subscribed>();

        store.Tell(new UnsubscribeFromBoard(subscriber));
        store.Tell(new AppendMessage("unseen"));
        await ExpectMsgAsync<MessageAppended>();
        var marker = new BoardSubscriber(capacity: 10);
        store.Tell(new SubscribeToBoard(marker));
        await ExpectMsgAsync<Subscribed>();
        store.Tell(new AppendMessage("seen by the marker only"));
        await ExpectMsgAsync<MessageAppended>();

        // The marker got the later message, so the publisher has handled everything before it.
        Assert.Equal("seen by the marker only", (await marker.Reader.ReadAsync()).Text);
        Assert.False(subscriber.Reader.TryRead(out _));
    }
}
