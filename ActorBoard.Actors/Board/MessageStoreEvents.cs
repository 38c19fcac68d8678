using System.Collections.Immutable;

namespace ActorBoard.Actors.Board;

/// <summary>
/// Journal event: these messages were posted, in this order (one or more; many when posts
/// arrived together and were committed as one group). The only event the store persists.
/// <see cref="Keys"/> holds each message's <see cref="PostKey"/> at the same index
/// (<see cref="PostKey.None"/> for a post without one); empty in events written before keys existed.
/// </summary>
public sealed record MessagesPosted(ImmutableArray<BoardMessage> Messages)
{
    public ImmutableArray<PostKey> Keys { get; init; } = [];

    /// <summary>The key message <paramref name="index"/> was posted with.</summary>
    public PostKey KeyAt(int index) => index < Keys.Length ? Keys[index] : PostKey.None;
}

/// <summary>
/// Snapshot-store payload: every committed message, so recovery need not replay the whole journal,
/// and the keys of recent posts with the message each stored (<see cref="RememberedKeys"/>).
/// </summary>
public sealed record BoardState(MessageLog Messages)
{
    public IReadOnlyList<(PostKey Key, long MessageId)> Keys { get; init; } = [];
}
