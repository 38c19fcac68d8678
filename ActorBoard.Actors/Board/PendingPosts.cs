using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;

namespace ActorBoard.Actors.Board;

/// <summary>One journal write: the messages of one <see cref="MessagesPosted"/>, with the key, sender and trace of each.</summary>
internal sealed record JournalWrite(ImmutableArray<BoardMessage> Messages, ImmutableArray<PostKey> Keys, IActorRef[] Senders, ActivityContext[] Traces);

/// <summary>
/// The posts a board has taken but the journal has not yet committed: those waiting for the next
/// write, and those in the one write under way. Part of its <see cref="MessageStore"/>'s state,
/// touched only inside the store's handlers.
/// </summary>
internal sealed class PendingPosts
{
    private readonly Queue<(BoardMessage Message, PostKey Key, IActorRef Sender, ActivityContext Trace)> _waiting = new();
    private JournalWrite? _writing;

    /// <summary>Posts not yet committed, the write under way included.</summary>
    public int Count => _waiting.Count + (_writing?.Senders.Length ?? 0);

    public bool IsWriting => _writing is not null;

    public bool AnyWaiting => _waiting.Count > 0;

    /// <summary>Everyone still waiting for an answer.</summary>
    public IEnumerable<IActorRef> Senders => (_writing?.Senders ?? []).Concat(_waiting.Select(waiting => waiting.Sender));

    public void Add(BoardMessage message, PostKey key, IActorRef sender, ActivityContext trace) =>
        _waiting.Enqueue((message, key, sender, trace));

    /// <summary>Takes up to <paramref name="most"/> waiting posts, oldest first, as the write now under way.</summary>
    public JournalWrite StartWrite(int most)
    {
        var count = Math.Min(_waiting.Count, most);
        var messages = ImmutableArray.CreateBuilder<BoardMessage>(count);
        var keys = ImmutableArray.CreateBuilder<PostKey>(count);
        var senders = new IActorRef[count];
        var traces = new ActivityContext[count];
        for (var i = 0; i < count; i++)
        {
            var (message, key, sender, trace) = _waiting.Dequeue();
            messages.Add(message);
            keys.Add(key);
            senders[i] = sender;
            traces[i] = trace;
        }

        _writing = new JournalWrite(messages.MoveToImmutable(), keys.MoveToImmutable(), senders, traces);
        return _writing;
    }

    /// <summary>The write under way is committed.</summary>
    public void WriteCommitted() => _writing = null;

    /// <summary>The uncommitted message with <paramref name="id"/>, if any.</summary>
    public BoardMessage? Find(long id) =>
        (_writing?.Messages ?? []).Concat(_waiting.Select(waiting => waiting.Message)).FirstOrDefault(message => message.Id == id);
}
