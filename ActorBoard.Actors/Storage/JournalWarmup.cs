using System.Diagnostics;
using ActorBoard.Actors.Board;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace ActorBoard.Actors.Storage;

/// <summary>
/// Gets this node's journal ready at start instead of at the first request. Akka starts the journal
/// and snapshot-store plugins when the first persistent actor recovers: the first connection is
/// opened, the tables checked, and linq2db builds its mappings and compiles the recovery queries.
/// On SQLite that made the first board read after a start wait about 0.9 s. This actor recovers a
/// persistence id that is no board's, which runs all of it, then stops. It writes nothing, so nodes
/// starting together on one database cannot collide.
/// </summary>
public sealed class JournalWarmup : ReceivePersistentActor
{
    /// <summary>Never a board's: those are <c>board</c> and <c>board-{name}</c> (see <see cref="BoardName.PersistenceId"/>).</summary>
    public const string WarmupPersistenceId = "actorboard-journal-warmup";

    private readonly long _started = Stopwatch.GetTimestamp();

    public JournalWarmup()
    {
        Recover<RecoveryCompleted>(_ =>
        {
            Context.GetLogger().Info("Journal ready after {0:N0} ms", Stopwatch.GetElapsedTime(_started).TotalMilliseconds);
            Context.Stop(Self);
        });
    }

    public override string PersistenceId => WarmupPersistenceId;

    public static Props Props() => Akka.Actor.Props.Create(() => new JournalWarmup());
}
