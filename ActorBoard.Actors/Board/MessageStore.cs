using System.Diagnostics;
using ActorBoard.Actors.Live;
using ActorBoard.Actors.Storage;
using ActorBoard.Actors.Telemetry;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace ActorBoard.Actors.Board;

/// <summary>
/// The single owner of one board's messages (a sharded entity: one per board name, on one node). Every append and every read passes through this
/// actor's mailbox one at a time, so the state needs no lock: it is only ever touched inside
/// the handlers below, and readers get a view of the log that later appends never change.
/// <para>
/// Appends are group-committed. One journal write is in flight at a time; appends that arrive
/// meanwhile wait in a bounded queue and go out together as the next event, one
/// <see cref="MessagesPosted"/> holding them all. Under load that is one database row and one
/// transaction for many posts, yet every sender is answered only once its message is committed,
/// and at one post at a time it is simply one write per post.
/// </para>
/// </summary>
public sealed partial class MessageStore : ReceivePersistentActor, IWithTimers
{
    /// <summary>Most messages in one journal event.</summary>
    public const int MaxMessagesPerEvent = 1000;

    /// <summary>Snapshot no more often than every (board size / this) messages.</summary>
    private const int SnapshotFractionOfBoard = 10;

    private readonly string _board;
    private readonly IActorRef _directory;
    private readonly BoardHistory? _history;
    private readonly MessageStoreSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _publisher = Context.ActorOf(BoardPublisher.Props(), "publisher");
    private readonly PendingPosts _pending = new();
    private readonly RepeatedPosts _repeats;
    private MessageLog _messages = MessageLog.Empty;
    private long _lastAssignedId;
    private long _messagesSinceSnapshot;
    private long _bytesSinceSnapshot;
    private int _liveReaders;
    private long _readersAdded;
    private long _readersCounted;
    private bool _reportPending;
    private bool _stopWhenWritten;
    private bool _closed;
    private long _edits;
    private int _moderationsInFlight;
    private readonly List<Erasure> _erasures = [];

    // The sequence number of the last event or snapshot recovery actually applied.
    private long _recoveredThrough;

    public MessageStore(string board, MessageStoreSettings settings, TimeProvider clock, IActorRef directory, BoardHistory? history)
    {
        _board = board;
        _directory = directory;
        _history = history;
        _settings = settings;
        _clock = clock;
        _repeats = new RepeatedPosts(settings.KeyWindow ?? MessageStoreSettings.DefaultKeyWindow, settings.MaxKeys);

        Recover<SnapshotOffer>(HandleSnapshotOffer);
        Recover<MessagesPosted>(posted =>
        {
            Apply(posted);
            _recoveredThrough = LastSequenceNr;
        });
        Recover<MessageRemoved>(RecoverModeration);
        Recover<BoardClosed>(RecoverModeration);
        Recover<BoardReopened>(RecoverModeration);
        Recover<RecoveryCompleted>(HandleRecoveryCompleted);

        Command<AppendMessage>(HandleAppend);
        Command<GetMessages>(HandleGetMessages);
        Command<GetMessage>(HandleGetMessage);
        Command<SubscribeToBoard>(HandleSubscribe);
        Command<UnsubscribeFromBoard>(HandleUnsubscribe);
        Command<BoardPublisher.ReaderCount>(HandleReaderCount);
        Command<ReportDue>(_ => HandleReportDue());
        Command<ReceiveTimeout>(HandleIdle);
        Command<StopBoard>(HandleStop);
        Command<RemoveMessage>(HandleRemove);
        Command<CloseBoard>(HandleClose);
        Command<ReopenBoard>(HandleReopen);
        Command<SaveSnapshotSuccess>(HandleSnapshotSaved);
        Command<SaveSnapshotFailure>(HandleSnapshotFailed);
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => _log.Warning(failure.Cause, "Could not delete old snapshots"));
        Command<DeleteMessagesSuccess>(HandleEventsDeleted);
        Command<DeleteMessagesFailure>(HandleEventsNotDeleted);
        Command<HistoryProgressed>(HandleHistoryProgressed);
        Command<HistoryUnreachable>(HandleHistoryUnreachable);
        Command<LookAtHistory>(HandleLookAtHistory);
        Command<FoundInHistory>(HandleFoundInHistory);
        Command<RepeatFound>(HandleRepeatFound);
    }

    public override string PersistenceId => BoardName.PersistenceId(_board);

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The newest committed id: the board's version (0 when empty).</summary>
    private long LastCommittedId => _messages.IsEmpty ? 0 : _messages[^1].Id;

    /// <summary>A write is in flight or waiting: the board is not idle, and stops only once it is answered.</summary>
    private bool Busy => _pending.Count > 0 || _moderationsInFlight > 0;

    /// <param name="board">The board's name.</param>
    /// <param name="settings">What the store needs to know beyond its messages.</param>
    /// <param name="clock">Where posting times come from.</param>
    /// <param name="directory">The node's <see cref="BoardDirectoryWriter"/>, told after each commit; none by default.</param>
    /// <param name="history">The storage's history of every board; none keeps the whole board in memory.</param>
    public static Props Props(string board, MessageStoreSettings settings, TimeProvider clock, IActorRef? directory = null, BoardHistory? history = null) =>
        Akka.Actor.Props.Create(() => new MessageStore(board, settings, clock, directory ?? ActorRefs.Nobody, history));

    private void HandleAppend(AppendMessage append)
    {
        if (_stopWhenWritten && (append.Key.IsNone || !_repeats.Keys.TryFind(append.Key, out _)))
        {
            // Stopping (passivated or handed over to another node): take nothing new, or this
            // incarnation could go on writing while the next one starts. Unanswered, the post is
            // asked again under its key and reaches the board's next incarnation.
            return;
        }

        if (!append.Key.IsNone && _repeats.Keys.TryFind(append.Key, out var firstId))
        {
            AnswerRepeat(append, firstId);
            return;
        }

        if (_closed)
        {
            BoardMetrics.Rejected("closed");
            Sender.Tell(BoardClosedToPosts.Instance);
            return;
        }

        if (_settings.MaxMessages > 0 && _lastAssignedId >= _settings.MaxMessages)
        {
            BoardMetrics.Rejected("board-full");
            Sender.Tell(new BoardFull(_settings.MaxMessages));
            return;
        }

        if (_pending.Count >= _settings.MaxPendingAppends)
        {
            BoardMetrics.Rejected("busy");
            Sender.Tell(new AppendRejected($"The board is busy: {_pending.Count} posts are waiting to be stored. Try again in a second."));
            return;
        }

        var message = new BoardMessage(++_lastAssignedId, append.Text, _clock.GetUtcNow());
        _pending.Add(message, append.Key, Sender, append.Trace);
        _repeats.Keys.Remember(append.Key, message.Id, message.PostedAt);
        BoardMetrics.PendingAppends.Add(1);
        UpdateIdleTimer();
        if (!_pending.IsWriting)
        {
            WriteWaiting();
        }
    }

    /// <summary>A post sent again under a key the board remembers: answered from the message its key first stored.</summary>
    private void AnswerRepeat(AppendMessage append, long firstId)
    {
        var committed = firstId <= LastCommittedId;
        if (committed && firstId < HistoryBelow)
        {
            AnswerRepeatFromHistory(append, firstId);
            return;
        }

        var first = committed
            ? CurrentBoard().Find(firstId)
            : _pending.Find(firstId);
        _repeats.Answer(append, firstId, first, committed, Sender);
    }

    /// <summary>Persists everything waiting (up to one event's worth) as one event; the callback answers each sender.</summary>
    private void WriteWaiting()
    {
        var write = _pending.StartWrite(MaxMessagesPerEvent);
        var started = Stopwatch.GetTimestamp();
        var startedAt = DateTimeOffset.UtcNow;
        PersistAsync(new MessagesPosted(write.Messages) { Keys = write.Keys }, posted =>
        {
            _pending.WriteCommitted();
            BoardMetrics.Committed(posted.Messages.Length, Stopwatch.GetElapsedTime(started));
            Apply(posted);
            for (var i = 0; i < write.Senders.Length; i++)
            {
                BoardTracing.JournalCommitted(write.Traces[i], startedAt, posted.Messages.Length);
                var appended = new MessageAppended(posted.Messages[i]);
                write.Senders[i].Tell(appended);
                _repeats.Committed(appended);
            }

            if (AnyLiveReaders)
            {
                _publisher.Tell(new BoardPublisher.Publish(posted.Messages));
            }

            ReportToDirectory();
            SnapshotIfDue();
            AskHistoryIfWaiting();
            if (_pending.AnyWaiting)
            {
                WriteWaiting();
            }
            else
            {
                StopIfAsked();
                UpdateIdleTimer();
            }
        });
    }

    /// <summary>
    /// A snapshot writes everything the board holds in memory, so one is taken only once about as
    /// much came since the last, and never before <see cref="MessageStoreSettings.SnapshotEvery"/>
    /// messages: a tenth of a whole board, or, for a board that keeps a window (its history holds the
    /// rest), a window's worth (<see cref="MessageStoreSettings.WindowMessages"/> messages or
    /// <see cref="MessageStoreSettings.WindowBytes"/>, whichever comes first). Snapshots of a window
    /// then cost about one message written per message posted, and a restart replays at most a window.
    /// </summary>
    private void SnapshotIfDue()
    {
        var due = _history is null
            ? _messagesSinceSnapshot >= _messages.Count / SnapshotFractionOfBoard
            : _messagesSinceSnapshot >= _settings.WindowMessages || _bytesSinceSnapshot >= _settings.WindowBytes;
        if (due && _messagesSinceSnapshot >= _settings.SnapshotEvery)
        {
            TakeSnapshot();
        }
    }

    /// <summary>Saves the board as committed until now; remembers whether it held more than the window (its history was behind).</summary>
    private void TakeSnapshot()
    {
        SaveSnapshot(State());
        _messagesSinceSnapshot = 0;
        _bytesSinceSnapshot = 0;
        _lastSnapshotOverfull = WindowOverfull;
    }

    /// <summary>What a snapshot holds: the board as committed until now.</summary>
    private BoardState State() => new(_messages) { Keys = _repeats.Keys.Entries(), Closed = _closed, Edits = _edits, HiddenInHistory = [.. _hidden] };

    /// <summary>Stops now, or as soon as the writes in flight are committed and answered: a board never leaves a post unanswered.</summary>
    private void HandleStop(StopBoard stop)
    {
        _stopWhenWritten = true;
        StopIfAsked();
    }

    private void StopIfAsked()
    {
        if (_stopWhenWritten && !Busy)
        {
            Context.Stop(Self);
        }
    }

    /// <summary>
    /// A live reader may be listening: the publisher counts one, or has not yet counted every reader
    /// this board sent it. Without one, commits are not sent to the publisher at all; a reader that
    /// subscribes later is told the last id committed before it and reads those as pages.
    /// </summary>
    private bool AnyLiveReaders => _liveReaders > 0 || _readersCounted < _readersAdded;

    /// <summary>
    /// Tells the list of boards how many messages this board holds (after recovery, a report lost in
    /// a crash is made good). The list is written a few times a second
    /// (<see cref="BoardDirectoryWriter.FlushInterval"/>), so a busy board reports at most once in that
    /// time: a change within it is reported when it ends, or when the board stops.
    /// </summary>
    private void ReportToDirectory()
    {
        if (_messages.IsEmpty || _directory.IsNobody())
        {
            return;
        }

        // Reported less than an interval ago: the timer still runs, and reports this when it ends.
        if (Timers.IsTimerActive(ReportDue.Instance))
        {
            _reportPending = true;
            return;
        }

        SendReport();
        Timers.StartSingleTimer(ReportDue.Instance, ReportDue.Instance, BoardDirectoryWriter.FlushInterval);
    }

    private void HandleReportDue()
    {
        if (_reportPending)
        {
            ReportToDirectory();
        }
    }

    private void SendReport()
    {
        // Ids run 1, 2, 3, … without gaps: the newest id is how many messages the board holds.
        _directory.Tell(new BoardDirectoryWriter.BoardPosted(new BoardSummary(_board, LastCommittedId, _messages[^1].PostedAt) { Closed = _closed }));
        _reportPending = false;
    }

    private void HandleReaderCount(BoardPublisher.ReaderCount count)
    {
        _liveReaders = count.Readers;
        _readersCounted = count.Added;
        UpdateIdleTimer();
    }

    /// <summary>Idle means no write in flight and no live reader: only then may the board be passivated.</summary>
    private void UpdateIdleTimer() =>
        Context.SetReceiveTimeout(!Busy && _liveReaders == 0 ? _settings.IdleTimeout : null);

    private void HandleGetMessages(GetMessages query) => Sender.Tell(CurrentBoard().Page(query));

    private void HandleGetMessage(GetMessage query) =>
        Sender.Tell(query.Id >= 1 && query.Id < HistoryBelow
            ? new MessageLookup(null) { InHistory = true, Hidden = _hiddenIds.Contains(query.Id) }
            : new MessageLookup(CurrentBoard().Find(query.Id)));

    private void HandleUnsubscribe(UnsubscribeFromBoard unsubscribe) => _publisher.Tell(new BoardPublisher.Remove(unsubscribe.Subscriber));

    /// <summary>Idle for the whole timeout: ask the shard to passivate this board (it answers with <see cref="StopBoard"/>).</summary>
    private void HandleIdle(ReceiveTimeout idle) => Context.Parent.Tell(new Akka.Cluster.Sharding.Passivate(StopBoard.Instance));

    private void HandleSubscribe(SubscribeToBoard subscribe)
    {
        // The publisher hears of the subscriber before any later message (messages between two
        // actors keep their order), and the reply names the last id committed until now.
        _publisher.Tell(new BoardPublisher.Add(subscribe.Subscriber));
        _readersAdded++;
        Sender.Tell(new Subscribed(LastCommittedId));
    }

    private BoardView CurrentBoard() => new(LastCommittedId, _messages) { Edits = _edits, Closed = _closed, HiddenInHistory = _hiddenIds };

    private void HandleSnapshotSaved(SaveSnapshotSuccess saved)
    {
        DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
        EraseThrough(saved.Metadata.SequenceNr);
    }

    private void HandleSnapshotFailed(SaveSnapshotFailure failure)
    {
        _log.Warning(failure.Cause, "Could not save a snapshot at sequence number {0}; the journal still holds every event", failure.Metadata.SequenceNr);
        AnswerErasures(failure.Metadata.SequenceNr, new ModerationFailed("The board could not save the snapshot that erasing needs; nothing was lost. Try again."));
    }

    /// <summary>The time since the last report to the list of boards is up: report what changed since, if anything.</summary>
    private sealed class ReportDue : INotInfluenceReceiveTimeout
    {
        public static readonly ReportDue Instance = new();
    }
}
