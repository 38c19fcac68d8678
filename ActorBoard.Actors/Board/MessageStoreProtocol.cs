using System.Collections.Immutable;
using System.Diagnostics;
using ActorBoard.Actors.Cluster;
using ActorBoard.Actors.Serialization;
using Akka.Actor;
using Akka.Event;

namespace ActorBoard.Actors.Board;

/// <summary>
/// Every command and query for a board names it: the cluster routes on <see cref="Board"/>
/// (<see cref="BoardMessageRouter"/>), so a message that forgets its board cannot be written.
/// </summary>
public interface IBoardMessage
{
    string Board { get; }
}

/// <summary>
/// Command: store this text as the board's next message. <see cref="Trace"/> is the span of the
/// request that asked, when it is being traced: the store records its journal commit under it.
/// <para>
/// With a <see cref="Key"/>, the same command may be sent again, as often as needed, until it is
/// answered: while the board remembers the key (<see cref="MessageStoreSettings.KeyWindow"/>) a
/// repeat with the same text is answered with the message the first one stored (waiting for its
/// commit if need be) and stores nothing; a repeat with another text gets <see cref="KeyAlreadyUsed"/>.
/// </para>
/// </summary>
public sealed record AppendMessage(string Board, string Text) : IBoardMessage
{
    public ActivityContext Trace { get; init; }

    public PostKey Key { get; init; }
}

/// <summary>
/// Every answer to <see cref="AppendMessage"/> is one of these. An append is asked again when an
/// answer is slow (see the server's asks), so an answer may reach an asker that already gave up:
/// expected, and never reported as a dead letter.
/// </summary>
public abstract record AppendReply : IDeadLetterSuppression;

/// <summary>The message is committed to the journal; it will survive a crash from now on.</summary>
public sealed record MessageAppended(BoardMessage Message) : AppendReply;

/// <summary>The store is too busy to take the message, or could not store it; the client may retry (with the same key, safely).</summary>
public sealed record AppendRejected(string Reason) : AppendReply;

/// <summary>The key was first used for a different text, stored as message <paramref name="MessageId"/>; nothing was stored.</summary>
public sealed record KeyAlreadyUsed(long MessageId) : AppendReply;

/// <summary>The operator closed the board (<see cref="CloseBoard"/>): it takes no posts until reopened, and stays readable.</summary>
public sealed record BoardClosedToPosts : AppendReply
{
    public static readonly BoardClosedToPosts Instance = new();

    private BoardClosedToPosts()
    {
    }
}

/// <summary>The board holds its <paramref name="Limit"/> of messages (<see cref="MessageStoreSettings.MaxMessages"/>) and takes no more; it stays readable.</summary>
public sealed record BoardFull(long Limit) : AppendReply;

/// <summary>
/// Query: one page of committed messages, oldest first: up to <paramref name="Limit"/> with ids
/// above <paramref name="After"/>, or else the newest ones below <paramref name="Before"/>, or
/// else the newest on the board. Answered with <see cref="MessagesPage"/>, which holds that page
/// and never more, however large the board; when the page would pass <see cref="WireBudget"/>
/// the answer holds its first part (the oldest messages of an <paramref name="After"/> page, the
/// newest of any other) and <see cref="Remainder"/> asks for the rest.
/// </summary>
public sealed record GetMessages(string Board, long? After, long? Before, int Limit) : IBoardMessage
{
    /// <summary>The newest <paramref name="limit"/> messages of <paramref name="board"/>.</summary>
    public static GetMessages Newest(string board, int limit) => new(board, null, null, limit);

    /// <summary>
    /// The query for what <paramref name="answer"/> (this query's answer) left out to stay within
    /// <see cref="WireBudget"/>, or null when it is the whole page: it holds <see cref="Limit"/>
    /// messages, or it reaches the board's end in the direction read.
    /// </summary>
    public GetMessages? Remainder(MessagesPage answer)
    {
        var messages = answer.Messages;
        if (messages.IsEmpty || messages.Length >= Limit)
        {
            return null;
        }

        var left = Limit - messages.Length;
        if (After is not null)
        {
            return messages[^1].Id < answer.Version ? this with { After = messages[^1].Id, Limit = left } : null;
        }

        // Below HistoryBelow the board has nothing to give: the rest is read from its history.
        return messages[0].Id > Math.Max(answer.FirstId, answer.HistoryBelow) ? this with { Before = messages[0].Id, Limit = left } : null;
    }

    /// <summary>The whole page: this query asked with <paramref name="ask"/>, then its remainder until none is left, joined.</summary>
    public async Task<MessagesPage> AskWholeAsync(Func<GetMessages, Task<MessagesPage>> ask)
    {
        var page = await ask(this);
        var asked = page;
        for (var query = this; query.Remainder(asked) is { } rest; query = rest)
        {
            asked = await ask(rest);
            page = page.Join(asked);
        }

        return page;
    }
}

/// <summary>
/// Answer to <see cref="GetMessages"/>: the page, the board's <see cref="Version"/> (its newest
/// id, 0 when empty) and <see cref="FirstId"/> (its oldest id, 0 when empty), from which a reader
/// tells whether older and newer pages exist. <see cref="Edits"/> grows with every moderation
/// change (a removed message, a board closed or reopened): with the version it names what a page
/// shows. <see cref="Closed"/> says the board takes no posts.
/// </summary>
public sealed record MessagesPage(long Version, long FirstId, ImmutableArray<BoardMessage> Messages) : IDeadLetterSuppression
{
    /// <summary>A board nobody posted to.</summary>
    public static readonly MessagesPage Empty = new(0, 0, []);

    public long Edits { get; init; }

    public bool Closed { get; init; }

    /// <summary>
    /// Messages with ids below this are not in the board's memory, so not in this answer: the
    /// asker reads them from the board's history (see <see cref="BoardView.HistoryBelow"/>); 0 when
    /// the board holds all of its messages.
    /// </summary>
    public long HistoryBelow { get; init; }

    /// <summary>Messages below <see cref="HistoryBelow"/> the operator removed, whose removal the history may not show yet: show them removed.</summary>
    public ImmutableArray<long> HiddenInHistory { get; init; } = [];

    /// <summary>This answer joined with <paramref name="rest"/>, the answer to its <see cref="GetMessages.Remainder"/>: one page, oldest first.</summary>
    public MessagesPage Join(MessagesPage rest) => new(
        Math.Max(Version, rest.Version),
        FirstId,
        Messages.IsEmpty || rest.Messages.IsEmpty || rest.Messages[0].Id > Messages[^1].Id
            ? Messages.AddRange(rest.Messages)
            : rest.Messages.AddRange(Messages))
    {
        Edits = Math.Max(Edits, rest.Edits),
        Closed = rest.Edits >= Edits ? rest.Closed : Closed,
        HistoryBelow = Math.Max(HistoryBelow, rest.HistoryBelow),
        HiddenInHistory = rest.HiddenInHistory.Length >= HiddenInHistory.Length ? rest.HiddenInHistory : HiddenInHistory,
    };
}

/// <summary>Query: the message with this id. Answered with <see cref="MessageLookup"/>.</summary>
public sealed record GetMessage(string Board, long Id) : IBoardMessage;

/// <summary>
/// Answer to <see cref="GetMessage"/>: the message (a placeholder when removed, see
/// <see cref="BoardMessage.IsRemoved"/>), or null when the board has no such id in memory. For an
/// older message, <see cref="InHistory"/>: the asker reads it from the board's history, and shows
/// it removed when <see cref="Hidden"/>.
/// </summary>
public sealed record MessageLookup(BoardMessage? Message) : IDeadLetterSuppression
{
    public bool InHistory { get; init; }

    public bool Hidden { get; init; }
}

/// <summary>
/// Command: send every message committed from now on to <paramref name="Subscriber"/>, as
/// <see cref="MessagesCommitted"/>, in commit order. The store answers the sender with
/// <see cref="Subscribed"/>, whose version is the last id committed before: messages up to it
/// are read as pages, later ones arrive live, so together they miss nothing and repeat nothing.
/// </summary>
public sealed record SubscribeToBoard(string Board, IActorRef Subscriber) : IBoardMessage;

/// <summary>Answer to <see cref="SubscribeToBoard"/>: live delivery starts after this id.</summary>
public sealed record Subscribed(long Version);

/// <summary>Command: stop sending to this subscriber (its reader went away).</summary>
public sealed record UnsubscribeFromBoard(string Board, IActorRef Subscriber) : IBoardMessage;

/// <summary>
/// Command: stop once the writes in flight are committed (sent by the cluster when the board is
/// passivated or handed off to another node). Never crosses nodes.
/// </summary>
public sealed class StopBoard : INoSerializationVerificationNeeded
{
    public static readonly StopBoard Instance = new();

    private StopBoard()
    {
    }
}

/// <summary>To a subscriber: these messages were committed, in this order.</summary>
public sealed record MessagesCommitted(ImmutableArray<BoardMessage> Messages);

/// <summary>To a subscriber: live delivery ended (the store is restarting); resume from the last id received.</summary>
public sealed record LiveFeedEnded
{
    public static readonly LiveFeedEnded Instance = new();

    private LiveFeedEnded()
    {
    }
}
