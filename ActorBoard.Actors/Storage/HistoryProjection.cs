using ActorBoard.Actors.Board;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorBoard.Actors.Storage;

/// <summary>
/// Keeps <see cref="BoardHistory"/> up to date from the journal: Akka.Persistence.Query's
/// <c>AllEvents</c> over Akka.Persistence.Sql, from the offset the history stored with its last
/// batch, in batches of up to <see cref="MaxBatch"/> events, each batch and its offset in one
/// transaction. One runs per cluster (a cluster singleton). It starts again from the stored offset
/// after a failure (with growing pauses) or on another node; a history dropped is rebuilt from the
/// journal's start. Events arrive at least once: the history skips what it already applied.
/// <para>
/// On a node that has just started it waits <see cref="StartAfter"/> before its first query: setting
/// up the read journal (connections, linq2db's compiled queries) would otherwise compete with the
/// node's first posts for the journal and the processor, and nothing waits for the history that long.
/// </para>
/// </summary>
public sealed class HistoryProjection : ReceiveActor, IWithTimers
{
    /// <summary>How long a node's projection waits after the node starts.</summary>
    public static readonly TimeSpan StartAfter = TimeSpan.FromSeconds(1);

    /// <summary>Most events in one history transaction.</summary>
    public const int MaxBatch = 1000;

    /// <summary>The singleton's name.</summary>
    public const string Name = "board-history";

    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(20);

    private readonly BoardHistory _history;
    private readonly TimeSpan _startAfter;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private UniqueKillSwitch? _running;

    public HistoryProjection(BoardHistory history, TimeSpan startAfter)
    {
        _history = history;
        _startAfter = startAfter;
        Receive<Follow>(_ => FollowTheJournal());
        ReceiveAny(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="history">Where the messages go.</param>
    /// <param name="startAfter">How long to wait before the first query (<see cref="StartAfter"/> on a node; none by default).</param>
    public static Props Props(BoardHistory history, TimeSpan? startAfter = null) =>
        Akka.Actor.Props.Create(() => new HistoryProjection(history, startAfter ?? TimeSpan.Zero));

    protected override void PreStart()
    {
        if (_startAfter > TimeSpan.Zero)
        {
            Timers.StartSingleTimer(Follow.Instance, Follow.Instance, _startAfter);
        }
        else
        {
            FollowTheJournal();
        }
    }

    private void FollowTheJournal()
    {
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var log = _log;
        var history = _history;
        _running = RestartSource
            .OnFailuresWithBackoff(
                () => Source.FromTask(history.OffsetAsync(CancellationToken.None))
                    .ConcatMany(offset =>
                    {
                        log.Info("Board history follows the journal from offset {0}", offset);
                        return journal.AllEvents(Offset.Sequence(offset));
                    })
                    .GroupedWithin(MaxBatch, BatchWindow)
                    .SelectAsync(1, async batch =>
                    {
                        var envelopes = batch.ToList();
                        await history.ApplyAsync(Changes(envelopes), ((Sequence)envelopes[^1].Offset).Value, CancellationToken.None);
                        return NotUsed.Instance;
                    }),
                RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2))
            .ViaMaterialized(KillSwitches.Single<NotUsed>(), Keep.Right)
            .ToMaterialized(Sink.Ignore<NotUsed>(), Keep.Left)
            .Run(Context.Materializer());
    }

    protected override void PostStop()
    {
        _running?.Shutdown();
        base.PostStop();
    }

    /// <summary>Time to start following the journal.</summary>
    private sealed class Follow
    {
        public static readonly Follow Instance = new();
    }

    private static List<HistoryChange> Changes(IEnumerable<EventEnvelope> envelopes) =>
        envelopes
            .Select(envelope => BoardName.FromPersistenceId(envelope.PersistenceId) is { } board ? new HistoryChange(board, envelope.SequenceNr, envelope.Event) : null)
            .OfType<HistoryChange>()
            .ToList();
}
