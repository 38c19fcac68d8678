namespace ActorBoard.Actors.Board;

/// <summary>What the store needs to know beyond its messages.</summary>
/// <param name="SnapshotEvery">
/// Fewest messages between snapshots. A snapshot holds what the board keeps in memory, so the store
/// also waits for about as much to come: a window's worth where a history holds the rest, a tenth
/// of the board otherwise. The cost of snapshots per post stays constant as the board grows, and a
/// restart replays at most that much.
/// </param>
/// <param name="MaxPendingAppends">Appends waiting for the journal beyond this are refused with <see cref="AppendRejected"/>.</param>
/// <param name="IdleTimeout">
/// A board with nothing to do (no message, no write in flight, no live reader) for this long asks
/// its shard to passivate it, so memory follows the boards in use; null keeps it until stopped.
/// </param>
/// <param name="KeyWindow">How long a post's <see cref="PostKey"/> is remembered, so that a repeat is answered rather than stored again.</param>
/// <param name="MaxKeys">Most keys a board remembers; beyond it the oldest are forgotten first.</param>
/// <param name="MaxMessages">Most messages one board holds; a post beyond it is answered <see cref="BoardFull"/>. 0: no limit.</param>
/// <param name="WindowMessages">
/// Where the storage keeps a history (<see cref="Storage.BoardHistory"/>), the board keeps about this
/// many of its newest messages in memory (and in its snapshots), at least one; older ones are read from
/// the history. A message leaves memory only once the history holds it.
/// </param>
/// <param name="WindowBytes">The same bound in bytes of stored text and ids: whichever bound is reached first.</param>
public sealed record MessageStoreSettings(
    int SnapshotEvery,
    int MaxPendingAppends,
    TimeSpan? IdleTimeout = null,
    TimeSpan? KeyWindow = null,
    int MaxKeys = MessageStoreSettings.DefaultMaxKeys,
    long MaxMessages = 0,
    int WindowMessages = MessageStoreSettings.DefaultWindowMessages,
    long WindowBytes = MessageStoreSettings.DefaultWindowBytes)
{
    public const int DefaultMaxKeys = 10_000;

    public const int DefaultWindowMessages = 5_000;

    public const long DefaultWindowBytes = 4L * 1024 * 1024;

    public static readonly TimeSpan DefaultKeyWindow = TimeSpan.FromHours(24);
}
