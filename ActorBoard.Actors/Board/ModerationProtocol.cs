using Akka.Event;

namespace ActorBoard.Actors.Board;

/// <summary>
/// Command from the operator: take message <paramref name="Id"/> off the board for <paramref name="Reason"/>.
/// The message keeps its id as a placeholder (paging and live resumption go on as before); its text
/// is no longer shown and leaves the board's memory and its next snapshot. With <see cref="Erase"/>
/// the board also deletes every journal event up to a fresh snapshot, so the text is gone from the
/// database's tables, not only hidden. Safe to send again: a removed message stays removed.
/// </summary>
public sealed record RemoveMessage(string Board, long Id, string Reason) : IBoardMessage
{
    public bool Erase { get; init; }
}

/// <summary>Command from the operator: refuse new posts (answered <see cref="BoardClosedToPosts"/>) and leave the list of boards, for <paramref name="Reason"/>.</summary>
public sealed record CloseBoard(string Board, string Reason) : IBoardMessage;

/// <summary>Command from the operator: take posts again and show in the list of boards, for <paramref name="Reason"/>.</summary>
public sealed record ReopenBoard(string Board, string Reason) : IBoardMessage;

/// <summary>Every answer to a moderation command is one of these; like appends, they are asked again when slow.</summary>
public abstract record ModerationReply : IDeadLetterSuppression;

/// <summary>
/// Done and committed to the journal (with <see cref="RemoveMessage.Erase"/>: the older events are
/// deleted too). <paramref name="Changed"/> is false when the board already was as asked.
/// </summary>
public sealed record ModerationDone(bool Changed) : ModerationReply;

/// <summary>The board holds no committed message with this id; nothing changed.</summary>
public sealed record NoSuchMessage(long Id) : ModerationReply;

/// <summary>The journal could not store the change or delete what was asked; nothing was lost, and asking again is safe.</summary>
public sealed record ModerationFailed(string Reason) : ModerationReply;

/// <summary>To a subscriber: message <paramref name="Id"/> was removed; a reader showing it drops it.</summary>
public sealed record MessageWithdrawn(long Id);
