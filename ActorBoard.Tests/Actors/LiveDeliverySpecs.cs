using ActorBoard.Actors.Board;
using ActorBoard.Actors.Live;
using ActorBoard.Tests.Support;
using Akka.Actor;

namespace ActorBoard.Tests.Actors;

/// <summary>
/// Live delivery: a subscriber learns the version it starts after, then hears of every message
/// committed later, in order; a live reader moves them into its bounded buffer and is cut off,
/// rather than slowing anyone down, when it stops reading.
/// </summary>
public sealed class LiveDeliverySpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(InMemoryJournal.Config, output: output)
{
    private static readonly MessageStoreSettings Settings = new(SnapshotEvery: 1000, MaxPendingAppends: 10_000);
    private readonly TestClock _clock = TestClock.StartingAt("2026-11-23T12:00:00Z");

    [Fact]
    public async Task A_subscriber_learns_where_live_delivery_starts_then_hears_of_each_later_commit_once_in_order()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        await Append(store, "before");
        var subscriber = CreateTestProbe();

        store.Tell(new SubscribeToBoard(BoardName.Default, subscriber.Ref));
        var subscribed = await ExpectMsgAsync<Subscribed>();
        await Append(store, "after 1");
        await Append(store, "after 2");

        Assert.Equal(1, subscribed.Version);
        Assert.Equal(["after 1"], (await subscriber.ExpectMsgAsync<MessagesCommitted>()).Messages.Select(m => m.Text));
        Assert.Equal(["after 2"], (await subscriber.ExpectMsgAsync<MessagesCommitted>()).Messages.Select(m => m.Text));
        await subscriber.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_subscriber_hears_of_a_burst_of_posts_once_each_in_order_however_the_commits_group_them()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        var subscriber = CreateTestProbe();
        store.Tell(new SubscribeToBoard(BoardName.Default, subscriber.Ref));
        await ExpectMsgAsync<Subscribed>();

        for (var i = 1; i <= 50; i++)
        {
            store.Tell(new AppendMessage(BoardName.Default, $"burst {i}"));
        }

        // How many commits the burst takes depends on timing: fish through them until the last id.
        var heard = new List<long>();
        await subscriber.FishForMessageAsync<MessagesCommitted>(committed =>
        {
            heard.AddRange(committed.Messages.Select(m => m.Id));
            return heard[^1] == 50;
        });
        Assert.Equal(Enumerable.Range(1, 50).Select(id => (long)id), heard);
    }

    [Fact]
    public async Task An_unsubscribed_reader_hears_of_nothing_more()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        var leaving = CreateTestProbe();
        var marker = CreateTestProbe();
        store.Tell(new SubscribeToBoard(BoardName.Default, leaving.Ref));
        await ExpectMsgAsync<Subscribed>();

        store.Tell(new UnsubscribeFromBoard(BoardName.Default, leaving.Ref));
        store.Tell(new SubscribeToBoard(BoardName.Default, marker.Ref));
        await ExpectMsgAsync<Subscribed>();
        await Append(store, "seen by the marker only");

        // The marker heard of the commit, so the publisher had handled the unsubscribe before it.
        await marker.ExpectMsgAsync<MessagesCommitted>();
        Assert.False(leaving.HasMessages);
    }

    [Fact]
    public async Task A_live_reader_fills_its_buffer_and_is_cut_off_when_its_reader_falls_behind()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        var (buffer, _) = await StartReader(store, capacity: 2);

        for (var i = 1; i <= 3; i++)
        {
            await Append(store, $"message {i}");
        }

        var received = new List<string>();
        var cutOff = await Assert.ThrowsAsync<ReaderTooSlowException>(async () =>
        {
            await foreach (var message in buffer.Reader.ReadAllAsync())
            {
                received.Add(message.Text);
            }
        });
        Assert.Equal(["message 1", "message 2"], received);
        Assert.Contains("fell 2 messages behind", cutOff.Message);
    }

    [Fact]
    public async Task A_live_reader_ends_when_the_store_stops_so_its_client_resumes_elsewhere()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, Settings, _clock));
        var (buffer, reader) = await StartReader(store, capacity: 10);
        Watch(reader);

        Sys.Stop(store);

        await Assert.ThrowsAsync<BoardRestartingException>(async () => await buffer.Reader.Completion);
        await ExpectTerminatedAsync(reader);
    }

    private async Task<(LiveBuffer Buffer, IActorRef Reader)> StartReader(IActorRef store, int capacity)
    {
        var buffer = new LiveBuffer(capacity);
        var subscribed = new TaskCompletionSource<long>();
        var reader = Sys.ActorOf(LiveReader.Props(store, BoardName.Default, buffer, subscribed));
        await subscribed.Task.WaitAsync(TimeSpan.FromSeconds(3));
        return (buffer, reader);
    }

    private async Task Append(IActorRef store, string text)
    {
        store.Tell(new AppendMessage(BoardName.Default, text));
        await ExpectMsgAsync<MessageAppended>();
    }
}
