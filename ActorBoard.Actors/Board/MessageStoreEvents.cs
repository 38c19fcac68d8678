using System.Collections.Immutable;

namespace ActorBoard.Actors;

/// <summary>
/// Journal event: these messages were posted, in this order (one or more; many when posts
/// arrived together and were committed as one group). The only event the store persists.
/// </summary>
public sealed record MessagesPosted(ImmutableArray<BoardMessage> Messages);

/// <summary>Snapshot-store payload: every committed message, so recovery need not replay the whole journal.</summary>
public sealed record BoardState(MessageLog Messages);
