using System.Collections.Immutable;
using Akka.Actor;

namespace ActorBoard.Actors;

/// <summary>
/// Fans committed messages out to live readers, so the store sends one message per post
/// however many readers there are. A child of <see cref="MessageStore"/>: it only hears of a
/// message after the journal committed it, and it stops (ending every subscription) when the
/// store stops or restarts, so no reader silently waits on a store that has gone.
/// </summary>
public sealed class BoardPublisher : ReceiveActor
{
    private readonly HashSet<BoardSubscriber> _subscribers = [];

    public BoardPublisher()
    {
        Receive<Add>(HandleAdd);
        Receive<Remove>(HandleRemove);
        Receive<Publish>(HandlePublish);
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new BoardPublisher());

    protected override void PostStop()
    {
        var reason = new BoardRestartingException();
        foreach (var subscriber in _subscribers)
        {
            subscriber.End(reason);
        }

        _subscribers.Clear();
    }

    private void HandleAdd(Add add) => _subscribers.Add(add.Subscriber);

    private void HandleRemove(Remove remove) => _subscribers.Remove(remove.Subscriber);

    private void HandlePublish(Publish publish)
    {
        List<BoardSubscriber>? tooSlow = null;
        foreach (var subscriber in _subscribers)
        {
            foreach (var message in publish.Messages)
            {
                if (!subscriber.TryDeliver(message))
                {
                    (tooSlow ??= []).Add(subscriber);
                    break;
                }
            }
        }

        foreach (var subscriber in tooSlow ?? [])
        {
            subscriber.End(new ReaderTooSlowException(subscriber.Capacity));
            _subscribers.Remove(subscriber);
        }
    }

    /// <summary>Start delivering to this subscriber.</summary>
    public sealed record Add(BoardSubscriber Subscriber);

    /// <summary>Stop delivering to this subscriber.</summary>
    public sealed record Remove(BoardSubscriber Subscriber);

    /// <summary>These messages are committed: deliver them, in order.</summary>
    public sealed record Publish(ImmutableArray<BoardMessage> Messages);
}
