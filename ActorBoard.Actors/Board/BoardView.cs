using System.Collections.Immutable;
using ActorBoard.Actors.Serialization;

namespace ActorBoard.Actors.Board;

/// <summary>
/// The store's own view of its board: a log the store never changes once handed out, so it is
/// safe to read while the store goes on appending. Pages are cut from it, each small enough to
/// cross between nodes (<see cref="WireBudget"/>); the view itself never leaves the store.
/// <see cref="Version"/> is the id of the newest message (0 when empty). Where the board keeps a
/// history, the view holds its newest messages only: those below <see cref="HistoryBelow"/> are
/// read from the history.
/// </summary>
public sealed record BoardView(long Version, MessageLog Messages)
{
    public static readonly BoardView Empty = new(0, MessageLog.Empty);

    /// <summary>How many moderation changes the board has seen (see <see cref="MessagesPage.Edits"/>).</summary>
    public long Edits { get; init; }

    /// <summary>Whether the board is closed to new posts.</summary>
    public bool Closed { get; init; }

    /// <summary>Removed messages below <see cref="HistoryBelow"/> whose removal the history does not show yet.</summary>
    public ImmutableArray<long> HiddenInHistory { get; init; } = [];

    /// <summary>
    /// Messages with ids below this are in the board's history only (ids run 1, 2, 3, … without
    /// gaps, so the view's first message says where the history ends); 0 when the view holds the whole board.
    /// </summary>
    public long HistoryBelow => Messages.IsEmpty || Messages[0].Id == 1 ? 0 : Messages[0].Id;

    /// <summary>The page a <see cref="GetMessages"/> query asks for, cut from this view.</summary>
    public MessagesPage Page(GetMessages query)
    {
        var messages = query.After is { } after
            ? After(after, query.Limit)
            : Before(query.Before ?? long.MaxValue, query.Limit);
        return new MessagesPage(Version, HistoryBelow > 0 ? 1 : Messages.IsEmpty ? 0 : Messages[0].Id, messages)
        {
            Edits = Edits,
            Closed = Closed,
            HistoryBelow = HistoryBelow,
            HiddenInHistory = HistoryBelow > 0 ? HiddenInHistory : [],
        };
    }

    /// <summary>The message with this id, if the board holds it.</summary>
    public BoardMessage? Find(long id) => IndexOf(id) is { } index ? Messages[index] : null;

    /// <summary>Where the message with this id sits in <see cref="Messages"/>, if the board holds it.</summary>
    public int? IndexOf(long id)
    {
        var index = IndexOfFirstAbove(id - 1);
        return index < Messages.Count && Messages[index].Id == id ? index : null;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> messages with ids above <paramref name="afterId"/>, oldest first,
    /// ending early where the next would pass <see cref="WireBudget.MessageBytes"/>.
    /// </summary>
    public ImmutableArray<BoardMessage> After(long afterId, int limit)
    {
        var start = IndexOfFirstAbove(afterId);
        return Messages.Slice(start, WireBudget.CountFitting(Messages, start, Math.Min(limit, Messages.Count - start)));
    }

    /// <summary>
    /// The newest messages with ids below <paramref name="beforeId"/>, at most <paramref name="limit"/>,
    /// oldest first; fewer where more would pass <see cref="WireBudget.MessageBytes"/> (the oldest are left out).
    /// </summary>
    public ImmutableArray<BoardMessage> Before(long beforeId, int limit)
    {
        var end = IndexOfFirstAbove(beforeId - 1);
        var count = WireBudget.CountFitting(Messages, end - 1, Math.Min(limit, end), step: -1);
        return Messages.Slice(end - count, count);
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
