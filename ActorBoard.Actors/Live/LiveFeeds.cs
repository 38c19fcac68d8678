using ActorBoard.Actors.Board;
using Akka.Actor;

namespace ActorBoard.Actors.Live;

/// <summary>
/// The node's live feeds, one <see cref="BoardFeed"/> per board that has live readers on this
/// node; reached with <c>IRequiredActor&lt;LiveFeeds&gt;</c>. A <see cref="LiveReader"/> subscribes
/// here, not at the board: the feed is the board's one subscriber from this node.
/// <para>
/// A feed with no reader says so (<see cref="FeedIdle"/>, with how many subscriptions it has
/// handled); it is stopped only if no subscription was passed to it since, so a reader's
/// subscription never reaches a feed that is stopping.
/// </para>
/// </summary>
public sealed class LiveFeeds : ReceiveActor
{
    private readonly IActorRef _boards;
    private readonly Dictionary<string, (IActorRef Feed, long Subscriptions)> _feeds = [];
    private long _created;

    public LiveFeeds(IActorRef boards)
    {
        _boards = boards;
        Receive<SubscribeToBoard>(HandleSubscribe);
        Receive<UnsubscribeFromBoard>(unsubscribe =>
        {
            if (_feeds.TryGetValue(unsubscribe.Board, out var feed))
            {
                feed.Feed.Forward(unsubscribe);
            }
        });
        Receive<FeedIdle>(HandleIdle);
    }

    /// <param name="boards">Where boards are reached: the boards' shard region, or a store itself.</param>
    public static Props Props(IActorRef boards) => Akka.Actor.Props.Create(() => new LiveFeeds(boards));

    private void HandleSubscribe(SubscribeToBoard subscribe)
    {
        if (!_feeds.TryGetValue(subscribe.Board, out var feed))
        {
            // Each feed has a name of its own: an idle feed of the same board may still be stopping.
            feed = (Context.ActorOf(BoardFeed.Props(_boards, subscribe.Board), $"{subscribe.Board}-{++_created}"), 0);
        }

        feed.Feed.Forward(subscribe);
        _feeds[subscribe.Board] = (feed.Feed, feed.Subscriptions + 1);
    }

    private void HandleIdle(FeedIdle idle)
    {
        if (_feeds.TryGetValue(idle.Board, out var feed) && feed.Feed.Equals(Sender) && feed.Subscriptions == idle.SubscriptionsSeen)
        {
            _feeds.Remove(idle.Board);
            Context.Stop(Sender);
        }
    }

    /// <summary>From a feed: no reader is left, after <paramref name="SubscriptionsSeen"/> subscriptions in all.</summary>
    public sealed record FeedIdle(string Board, long SubscriptionsSeen) : INoSerializationVerificationNeeded;
}
