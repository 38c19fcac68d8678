using ActorBoard.Actors.Board;
using Akka.Actor;
using Akka.Event;

namespace ActorBoard.Actors.Live;

/// <summary>
/// One board's live feed on one node: the only subscriber that node has at the board, wherever
/// the board lives, passing each committed batch on to the node's <see cref="LiveReader"/>s. So a
/// commit crosses to another node once, not once per reader there.
/// <para>
/// It speaks the store's own protocol to its readers: a reader subscribes with
/// <see cref="SubscribeToBoard"/>, is answered <see cref="Subscribed"/> with the last id the feed
/// passed on, then gets every later <see cref="MessagesCommitted"/>, and <see cref="LiveFeedEnded"/>
/// when the feed ends. It ends, telling every reader, when the store stops or moves, and when a
/// batch does not start right after the last id it passed on (a message between nodes was lost):
/// its readers then resume from the last id they received, reading what they missed as pages, so
/// none skips a message silently.
/// </para>
/// <para>
/// With no reader left it unsubscribes, so the board may passivate, and tells
/// <see cref="LiveFeeds"/> it is idle; only the parent stops it, so a reader on its way is never lost.
/// </para>
/// </summary>
public sealed class BoardFeed : ReceiveActor
{
    private readonly IActorRef _boards;
    private readonly string _board;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<IActorRef> _readers = [];
    private readonly List<IActorRef> _waiting = [];
    private IActorRef? _store;
    private long _lastId;
    private long _subscriptionsSeen;

    public BoardFeed(IActorRef boards, string board)
    {
        _boards = boards;
        _board = board;
        Idle();
    }

    /// <param name="boards">Where the board is reached: the boards' shard region, or a store itself.</param>
    /// <param name="board">The board this feed follows.</param>
    public static Props Props(IActorRef boards, string board) => Akka.Actor.Props.Create(() => new BoardFeed(boards, board));

    /// <summary>Not subscribed to the store; the first reader subscribes.</summary>
    private void Idle()
    {
        Receive<SubscribeToBoard>(subscribe =>
        {
            _subscriptionsSeen++;
            _waiting.Add(subscribe.Subscriber);
            _boards.Tell(new SubscribeToBoard(_board, Self));
            Become(Subscribing);
        });
        Receive<UnsubscribeFromBoard>(_ => { });
        Receive<Terminated>(_ => { });
        Receive<MessagesCommitted>(_ => { });
        Receive<MessageWithdrawn>(_ => { });
        Receive<LiveFeedEnded>(_ => { });
    }

    /// <summary>Asked the store; readers wait for its answer, which says where live delivery starts.</summary>
    private void Subscribing()
    {
        Receive<SubscribeToBoard>(subscribe =>
        {
            _subscriptionsSeen++;
            _waiting.Add(subscribe.Subscriber);
        });
        Receive<UnsubscribeFromBoard>(unsubscribe => _waiting.Remove(unsubscribe.Subscriber));
        // Left over from an earlier subscription: ids from here on are checked once subscribed.
        Receive<MessagesCommitted>(_ => { });
        Receive<MessageWithdrawn>(_ => { });
        Receive<LiveFeedEnded>(_ => { });
        Receive<Subscribed>(subscribed =>
        {
            // The answer comes from the store itself: watching it ends the feed if its node goes away.
            _store = Sender;
            Context.Watch(_store);
            _lastId = subscribed.Version;
            Become(Live);
            _waiting.ForEach(Add);
            _waiting.Clear();
            IfNoReaders();
        });
        Receive<Terminated>(_ => { });
    }

    /// <summary>Subscribed: batches (and removals) from the store go to every reader.</summary>
    private void Live()
    {
        Receive<SubscribeToBoard>(subscribe =>
        {
            _subscriptionsSeen++;
            Add(subscribe.Subscriber);
        });
        Receive<UnsubscribeFromBoard>(unsubscribe => Forget(unsubscribe.Subscriber));
        Receive<Terminated>(terminated =>
        {
            if (terminated.ActorRef.Equals(_store))
            {
                StoreEnded("its store stopped");
            }
            else
            {
                Forget(terminated.ActorRef);
            }
        });
        Receive<LiveFeedEnded>(_ => StoreEnded("its store ended live delivery (restarting or moving)"));
        Receive<MessagesCommitted>(HandleCommitted);
        Receive<MessageWithdrawn>(withdrawn =>
        {
            foreach (var reader in _readers)
            {
                reader.Tell(withdrawn);
            }
        });
    }

    private void HandleCommitted(MessagesCommitted committed)
    {
        var messages = committed.Messages;
        if (messages.IsEmpty || messages[^1].Id <= _lastId)
        {
            return;
        }

        if (messages[0].Id > _lastId + 1)
        {
            _log.Warning("The live feed of board {0} on this node missed messages {1} to {2}; its {3} readers resume from their last message", _board, _lastId + 1, messages[0].Id - 1, _readers.Count);
            End();
            return;
        }

        var fresh = messages[0].Id == _lastId + 1 ? committed : new MessagesCommitted([.. messages.Where(message => message.Id > _lastId)]);
        _lastId = messages[^1].Id;
        foreach (var reader in _readers)
        {
            reader.Tell(fresh);
        }
    }

    private void Add(IActorRef reader)
    {
        if (_readers.Add(reader))
        {
            Context.Watch(reader);
        }

        reader.Tell(new Subscribed(_lastId));
    }

    private void Forget(IActorRef reader)
    {
        if (_readers.Remove(reader))
        {
            Context.Unwatch(reader);
            IfNoReaders();
        }
    }

    private void StoreEnded(string why)
    {
        _log.Info("The live feed of board {0} on this node ended: {1}; its {2} readers resume from their last message", _board, why, _readers.Count);
        Context.Unwatch(_store);
        _store = null;
        End();
    }

    /// <summary>Tells every reader live delivery ended, so each resumes from its last id, and goes idle.</summary>
    private void End()
    {
        foreach (var reader in _readers)
        {
            Context.Unwatch(reader);
            reader.Tell(LiveFeedEnded.Instance);
        }

        _readers.Clear();
        IfNoReaders();
    }

    private void IfNoReaders()
    {
        if (_readers.Count > 0)
        {
            return;
        }

        if (_store is not null)
        {
            Context.Unwatch(_store);
            _store.Tell(new UnsubscribeFromBoard(_board, Self));
            _store = null;
        }

        Become(Idle);
        Context.Parent.Tell(new LiveFeeds.FeedIdle(_board, _subscriptionsSeen));
    }
}
