using System.Collections.Immutable;
using ActorBoard.Actors.Board;
using ActorBoard.Actors.Serialization;
using Akka.Actor;

namespace ActorBoard.Actors.Live;

/// <summary>
/// Fans committed messages out to live readers (on each node, that node's <see cref="BoardFeed"/>),
/// so the store sends one message per commit however many readers there are: each reader gets the
/// same <see cref="MessagesCommitted"/>, split into batches that fit <see cref="WireBudget"/>, and
/// each <see cref="MessageWithdrawn"/> when the operator removes a message.
/// A child of <see cref="MessageStore"/>: it only hears of a message after the journal committed
/// it, it forgets readers that stop, and when the store stops or restarts it tells every reader
/// that live delivery ended, so no reader silently waits on a store that has gone.
/// </summary>
public sealed class BoardPublisher : ReceiveActor
{
    private readonly HashSet<IActorRef> _subscribers = [];
    private long _added;

    public BoardPublisher()
    {
        Receive<Add>(add =>
        {
            _added++;
            _subscribers.Add(add.Subscriber);
            Context.Watch(add.Subscriber);
            Context.Parent.Tell(new ReaderCount(_subscribers.Count, _added));
        });
        Receive<Remove>(remove => Forget(remove.Subscriber));
        Receive<Terminated>(terminated => Forget(terminated.ActorRef));
        Receive<Publish>(HandlePublish);
        Receive<MessageWithdrawn>(withdrawn =>
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Tell(withdrawn);
            }
        });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new BoardPublisher());

    protected override void PostStop()
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Tell(LiveFeedEnded.Instance);
        }

        _subscribers.Clear();
    }

    private void Forget(IActorRef subscriber)
    {
        if (_subscribers.Remove(subscriber))
        {
            Context.Unwatch(subscriber);
            Context.Parent.Tell(new ReaderCount(_subscribers.Count, _added));
        }
    }

    /// <summary>Sends the commit in batches of at most <see cref="WireBudget.MessageBytes"/>, so a batch can reach a reader on another node.</summary>
    private void HandlePublish(Publish publish)
    {
        var messages = publish.Messages;
        for (var start = 0; start < messages.Length;)
        {
            var count = WireBudget.CountFitting(messages, start, messages.Length - start);
            var committed = new MessagesCommitted(start == 0 && count == messages.Length ? messages : messages.Slice(start, count));
            foreach (var subscriber in _subscribers)
            {
                subscriber.Tell(committed);
            }

            start += count;
        }
    }

    // Between the store and its own child only, never across nodes: no wire format needed.

    /// <summary>Start delivering to this subscriber.</summary>
    public sealed record Add(IActorRef Subscriber) : INoSerializationVerificationNeeded;

    /// <summary>Stop delivering to this subscriber.</summary>
    public sealed record Remove(IActorRef Subscriber) : INoSerializationVerificationNeeded;

    /// <summary>These messages are committed: deliver them, in order.</summary>
    public sealed record Publish(ImmutableArray<BoardMessage> Messages) : INoSerializationVerificationNeeded;

    /// <summary>
    /// To the store: how many live readers there are now (a board with readers is not idle), after
    /// <paramref name="Added"/> <see cref="Add"/>s in all: the store knows which of its own it counts.
    /// </summary>
    public sealed record ReaderCount(int Readers, long Added) : INoSerializationVerificationNeeded;
}
