using ActorBoard.Actors.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace ActorBoard.Server;

/// <summary>
/// Which boards anybody ever posted to, asked before a read starts a board: a name nobody posted to
/// is answered as an empty board without starting its actor or reading the journal, so a loop of
/// made-up names costs one indexed lookup each (<see cref="BoardDirectory.ContainsAsync"/>) and
/// queues nothing ahead of real posts. A board once known is remembered on this node (boards are
/// never deleted), up to <see cref="RememberedNames"/> names, the least recently used forgotten first.
/// <para>
/// A board's first post is recorded here (<see cref="CreatedAsync"/>) before it is acknowledged,
/// so once a client has its <c>303</c> or <c>201</c>, every node finds the board: a read from any
/// node after an acknowledged post shows it.
/// </para>
/// </summary>
public sealed class KnownBoards(BoardDirectory directory, ILogger<KnownBoards> logger) : IDisposable
{
    /// <summary>Names remembered as existing on this node.</summary>
    public const int RememberedNames = 100_000;

    /// <summary>How often, at most, a live stream of a board nobody posted to looks again whether somebody has.</summary>
    public static readonly TimeSpan WaitingStreamsLookEvery = TimeSpan.FromSeconds(2);

    private readonly MemoryCache _known = new(new MemoryCacheOptions { SizeLimit = RememberedNames });

    /// <summary>Whether anybody ever posted to <paramref name="name"/>.</summary>
    public async ValueTask<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(name, out _))
        {
            return true;
        }

        if (!await directory.ContainsAsync(name, cancellationToken))
        {
            return false;
        }

        Remember(name);
        return true;
    }

    /// <summary>
    /// The board's first post is committed: record it in the list of boards now, before the post is
    /// acknowledged. Should the list not take it, the post is still acknowledged (it is committed) and
    /// the board's own report after the commit records it a moment later.
    /// </summary>
    public async Task CreatedAsync(BoardSummary board, CancellationToken cancellationToken)
    {
        Remember(board.Name);
        try
        {
            await directory.RecordAsync([board], cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException)
        {
            logger.LogWarning(e, "Could not record the new board {Board} in the list of boards at once; its own report will", board.Name);
        }
    }

    /// <summary>
    /// Waits until somebody posts to <paramref name="name"/>, which <see cref="ExistsAsync"/> just
    /// found nobody had (a live stream of such a board waits here rather than start the board),
    /// looking again every <paramref name="heartbeat"/> or <see cref="WaitingStreamsLookEvery"/>,
    /// whichever is shorter; <paramref name="beat"/> is called once per heartbeat that passes with
    /// nothing found, so the stream keeps its reader's connection alive as an idle live stream does.
    /// </summary>
    public async Task WaitUntilExistsAsync(string name, TimeSpan heartbeat, Func<Task> beat, CancellationToken cancellationToken)
    {
        var look = heartbeat < WaitingStreamsLookEvery ? heartbeat : WaitingStreamsLookEvery;
        var quiet = TimeSpan.Zero;
        do
        {
            await Task.Delay(look, cancellationToken);
            quiet += look;
            if (quiet >= heartbeat)
            {
                await beat();
                quiet = TimeSpan.Zero;
            }
        }
        while (!await ExistsAsync(name, cancellationToken));
    }

    public void Dispose() => _known.Dispose();

    private void Remember(string name) => _known.Set(name, true, new MemoryCacheEntryOptions { Size = 1 });
}
