using ActorBoard.Actors.Board;
using ActorBoard.Actors.Live;
using Akka.Actor;
using Akka.TestKit;

namespace ActorBoard.Tests.Actors;

/// <summary>
/// A node's live feed of a board: however many readers the node has, the board sees one
/// subscriber, and no reader skips a message silently. Here a <see cref="TestProbe"/> plays the
/// board, so each spec says exactly what the board sends and sees what the feed answers.
/// </summary>
public sealed class LiveFeedSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output)
{
    private const string Board = "lobby";

    [Fact]
    public async Task Readers_on_one_node_share_one_subscription_and_each_hears_every_batch()
    {
        var (board, feeds) = StartFeeds();
        var readers = new[] { CreateTestProbe(), CreateTestProbe(), CreateTestProbe() };

        foreach (var reader in readers)
        {
            feeds.Tell(new SubscribeToBoard(Board, reader.Ref));
        }

        var feed = await BoardAnswersSubscribed(board, version: 5);
        feed.Tell(Committed(6, 7), board.Ref);

        await board.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200)); // one subscription, not three
        foreach (var reader in readers)
        {
            Assert.Equal(5, (await reader.ExpectMsgAsync<Subscribed>()).Version);
            Assert.Equal([6L, 7], (await reader.ExpectMsgAsync<MessagesCommitted>()).Messages.Select(m => m.Id));
        }
    }

    [Fact]
    public async Task A_reader_joining_a_running_feed_starts_after_the_last_id_it_passed_on()
    {
        var (board, feeds) = StartFeeds();
        var (first, feed) = await SubscribedReader(board, feeds, version: 5);
        feed.Tell(Committed(6, 7), board.Ref);
        await first.ExpectMsgAsync<MessagesCommitted>();

        var late = CreateTestProbe();
        feeds.Tell(new SubscribeToBoard(Board, late.Ref));

        Assert.Equal(7, (await late.ExpectMsgAsync<Subscribed>()).Version);
    }

    [Fact]
    public async Task A_batch_that_skips_ids_ends_every_reader_so_each_resumes_from_its_last_message()
    {
        var (board, feeds) = StartFeeds();
        var (reader, feed) = await SubscribedReader(board, feeds, version: 5);

        feed.Tell(Committed(8, 9), board.Ref); // 6 and 7 were lost on the way

        await reader.ExpectMsgAsync<LiveFeedEnded>();
        Assert.Equal(Board, (await board.ExpectMsgAsync<UnsubscribeFromBoard>()).Board);
    }

    [Fact]
    public async Task When_the_last_reader_leaves_the_feed_unsubscribes_so_the_board_may_rest()
    {
        var (board, feeds) = StartFeeds();
        var (reader, feed) = await SubscribedReader(board, feeds, version: 0);

        reader.Ref.Tell(PoisonPill.Instance);

        var unsubscribe = await board.ExpectMsgAsync<UnsubscribeFromBoard>();
        Assert.Equal(feed, unsubscribe.Subscriber);
    }

    [Fact]
    public async Task When_the_board_stops_every_reader_hears_that_live_delivery_ended()
    {
        var (board, feeds) = StartFeeds();
        var (reader, _) = await SubscribedReader(board, feeds, version: 3);

        board.Ref.Tell(PoisonPill.Instance);

        await reader.ExpectMsgAsync<LiveFeedEnded>();
    }

    private (TestProbe Board, IActorRef Feeds) StartFeeds()
    {
        var board = CreateTestProbe();
        return (board, Sys.ActorOf(LiveFeeds.Props(board.Ref)));
    }

    /// <summary>A reader subscribed through <paramref name="feeds"/>, the board having answered the feed with <paramref name="version"/>; and the feed.</summary>
    private async Task<(TestProbe Reader, IActorRef Feed)> SubscribedReader(TestProbe board, IActorRef feeds, long version)
    {
        var reader = CreateTestProbe();
        feeds.Tell(new SubscribeToBoard(Board, reader.Ref));
        var feed = await BoardAnswersSubscribed(board, version);
        Assert.Equal(version, (await reader.ExpectMsgAsync<Subscribed>()).Version);
        return (reader, feed);
    }

    /// <summary>The board takes the feed's one subscription and answers it; the feed is returned.</summary>
    private static async Task<IActorRef> BoardAnswersSubscribed(TestProbe board, long version)
    {
        var feed = (await board.ExpectMsgAsync<SubscribeToBoard>()).Subscriber;
        feed.Tell(new Subscribed(version), board.Ref);
        return feed;
    }

    private static MessagesCommitted Committed(long first, long last) =>
        new([.. Enumerable.Range((int)first, (int)(last - first + 1)).Select(id => new BoardMessage(id, $"message {id}", DateTimeOffset.UnixEpoch))]);
}
