using System.Collections.Immutable;
using System.Diagnostics;

namespace ActorBoard.Actors;

/// <summary>
/// Command: store this text as the board's next message. <see cref="Trace"/> is the span of the
/// request that asked, when it is being traced: the store records its journal commit under it.
/// </summary>
public sealed record AppendMessage(string Text)
{
    public ActivityContext Trace { get; init; }
}

/// <summary>Every answer to <see cref="AppendMessage"/> is one of these.</summary>
public abstract record AppendReply;

/// <summary>The message is committed to the journal; it will survive a crash from now on.</summary>
public sealed record MessageAppended(BoardMessage Message) : AppendReply;

/// <summary>The store is too busy to take the message; nothing was stored and the client may retry.</summary>
public sealed record AppendRejected(string Reason) : AppendReply;

/// <summary>Query: the board as it is now, committed messages only.</summary>
public sealed class Snapshot
{
    public static readonly Snapshot Instance = new();

    private Snapshot()
    {
    }
}

/// <summary>
/// Answer to <see cref="Snapshot"/>. The log is a view the store never changes, so it is safe to
/// read from any thread while the store goes on appending, and handing it out copies nothing.
/// <see cref="Version"/> is the id of the newest message (0 when empty).
/// </summary>
public sealed record BoardSnapshot(long Version, MessageLog Messages)
{
    public static readonly BoardSnapshot Empty = new(0, MessageLog.Empty);

    /// <summary>The message with this id, if the board holds it.</summary>
    public BoardMessage? Find(long id)
    {
        var index = IndexOfFirstAbove(id - 1);
        return index < Messages.Count && Messages[index].Id == id ? Messages[index] : null;
    }

    /// <summary>Up to <paramref name="limit"/> messages with ids above <paramref name="afterId"/>, oldest first.</summary>
    public ImmutableArray<BoardMessage> After(long afterId, int limit)
    {
        var start = IndexOfFirstAbove(afterId);
        return Messages.Slice(start, Math.Min(limit, Messages.Count - start));
    }

    /// <summary>The newest messages with ids below <paramref name="beforeId"/>, at most <paramref name="limit"/>, oldest first.</summary>
    public ImmutableArray<BoardMessage> Before(long beforeId, int limit)
    {
        var end = IndexOfFirstAbove(beforeId - 1);
        var start = Math.Max(0, end - limit);
        return Messages.Slice(start, end - start);
    }

    // Ids increase along the log, so a binary search finds a position in O(log n).
    private int IndexOfFirstAbove(long id)
    {
        int low = 0, high = Messages.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (Messages[middle].Id <= id)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}

/// <summary>
/// Command: send every message committed from now on to <paramref name="Subscriber"/>.
/// Answered with <see cref="Subscribed"/>, whose snapshot holds everything committed before,
/// so together they miss nothing and repeat nothing.
/// </summary>
public sealed record SubscribeToBoard(BoardSubscriber Subscriber);

/// <summary>Answer to <see cref="SubscribeToBoard"/>: the board at the moment live delivery began.</summary>
public sealed record Subscribed(BoardSnapshot Board);

/// <summary>Command: stop sending to this subscriber (its reader went away).</summary>
public sealed record UnsubscribeFromBoard(BoardSubscriber Subscriber);
