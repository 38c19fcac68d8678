using ActorBoard.Actors.Board;
using Akka.Actor;

namespace ActorBoard.Actors.Live;

/// <summary>
/// One live reader's end of a subscription, on the reader's own node: it subscribes to the
/// board's feed on this node (<see cref="LiveFeeds"/>), keeps the feed under watch, and moves what
/// the feed passes on into the reader's bounded <see cref="LiveBuffer"/> buffer without ever
/// waiting. When the buffer is full or the feed ends, the buffer ends with the reason and this
/// actor stops; stopping it (the reader went away) unsubscribes.
/// </summary>
public sealed class LiveReader : ReceiveActor
{
    private readonly IActorRef _store;
    private readonly string _board;
    private readonly LiveBuffer _buffer;
    private readonly TaskCompletionSource<long> _subscribed;
    private IActorRef? _subscribedTo;

    public LiveReader(IActorRef store, string board, LiveBuffer buffer, TaskCompletionSource<long> subscribed)
    {
        _store = store;
        _board = board;
        _buffer = buffer;
        _subscribed = subscribed;

        Receive<Subscribed>(HandleSubscribed);
        Receive<MessagesCommitted>(HandleCommitted);
        Receive<MessageWithdrawn>(withdrawn => Deliver(BoardMessage.Removed(withdrawn.Id)));
        Receive<LiveFeedEnded>(_ => End(new BoardRestartingException()));
        Receive<Terminated>(_ => End(new BoardRestartingException()));
    }

    /// <param name="store">Where to subscribe: the node's <see cref="LiveFeeds"/> (a store itself answers the same protocol).</param>
    /// <param name="board">The board to follow.</param>
    /// <param name="buffer">The reader's buffer.</param>
    /// <param name="subscribed">Completed with the version live delivery starts after.</param>
    public static Props Props(IActorRef store, string board, LiveBuffer buffer, TaskCompletionSource<long> subscribed) =>
        Akka.Actor.Props.Create(() => new LiveReader(store, board, buffer, subscribed));

    protected override void PreStart() => _store.Tell(new SubscribeToBoard(_board, Self));

    protected override void PostStop()
    {
        _subscribedTo?.Tell(new UnsubscribeFromBoard(_board, Self));
        _subscribed.TrySetCanceled();
        _buffer.End(new BoardRestartingException());
    }

    private void HandleSubscribed(Subscribed subscribed)
    {
        // The answer comes from the feed (or store) itself: watching it ends the reader if it stops.
        _subscribedTo = Sender;
        Context.Watch(Sender);
        _subscribed.TrySetResult(subscribed.Version);
    }

    private void HandleCommitted(MessagesCommitted committed)
    {
        foreach (var message in committed.Messages)
        {
            if (!Deliver(message))
            {
                return;
            }
        }
    }

    /// <summary>Into the buffer, or, when it is full, the reader is cut off.</summary>
    private bool Deliver(BoardMessage message)
    {
        if (_buffer.TryDeliver(message))
        {
            return true;
        }

        End(new ReaderTooSlowException(_buffer.Capacity));
        return false;
    }

    private void End(Exception reason)
    {
        _buffer.End(reason);
        Context.Stop(Self);
    }
}
