using System.Collections.Immutable;

namespace ActorBoard.Actors;

/// <summary>Journal event: a message was posted. The only event the store persists.</summary>
public sealed record MessagePosted(BoardMessage Message);

/// <summary>Snapshot-store payload: every committed message, so recovery need not replay the whole journal.</summary>
public sealed record BoardState(ImmutableList<BoardMessage> Messages);
