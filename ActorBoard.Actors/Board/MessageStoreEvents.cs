using System.Collections.Immutable;

namespace ActorBoard.Actors.Board;

/// <summary>
/// Journal event: these messages were posted, in this order (one or more; many when posts
/// arrived together and were committed as one group). Besides it the store persists only the
/// operator's changes (<see cref="MessageRemoved"/>, <see cref="BoardClosed"/>, <see cref="BoardReopened"/>).
/// <see cref="Keys"/> holds each message's <see cref="PostKey"/> at the same index
/// (<see cref="PostKey.None"/> for a post without one); empty in events written before keys existed.
/// </summary>
public sealed record MessagesPosted(ImmutableArray<BoardMessage> Messages)
{
    public ImmutableArray<PostKey> Keys { get; init; } = [];

    /// <summary>The key message <paramref name="index"/> was posted with.</summary>
    public PostKey KeyAt(int index) => index < Keys.Length ? Keys[index] : PostKey.None;
}

/// <summary>Journal event: the operator removed message <paramref name="Id"/> for <paramref name="Reason"/>; it stays as a placeholder.</summary>
public sealed record MessageRemoved(long Id, string Reason);

/// <summary>Journal event: the operator closed the board to new posts for <paramref name="Reason"/>.</summary>
public sealed record BoardClosed(string Reason);

/// <summary>Journal event: the operator reopened the board for <paramref name="Reason"/>.</summary>
public sealed record BoardReopened(string Reason);

/// <summary>
/// Snapshot-store payload: every committed message, or where the board keeps a history its newest
/// ones (removed ones as placeholders, their text gone), so recovery need not replay the whole journal, the keys of recent posts with the message
/// each stored (<see cref="RememberedKeys"/>), whether the board is closed and how many
/// moderation changes it has seen (<see cref="MessagesPage.Edits"/>).
/// </summary>
public sealed record BoardState(MessageLog Messages)
{
    public IReadOnlyList<(PostKey Key, long MessageId)> Keys { get; init; } = [];

    public bool Closed { get; init; }

    public long Edits { get; init; }

    /// <summary>Removals of messages older than <see cref="Messages"/> that the board's history did not show yet, with each removal's sequence number.</summary>
    public IReadOnlyList<(long Id, long SequenceNr)> HiddenInHistory { get; init; } = [];
}
