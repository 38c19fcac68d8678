using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace ActorBoard.Actors;

/// <summary>What the store needs to know beyond its messages.</summary>
/// <param name="SnapshotEvery">
/// Fewest messages between snapshots. A snapshot holds the whole board, so the store waits for
/// this many messages or a tenth of the board, whichever is more: the cost of snapshots per post
/// stays constant as the board grows, and a restart replays at most that many messages.
/// </param>
/// <param name="MaxPendingAppends">Appends waiting for the journal beyond this are refused with <see cref="AppendRejected"/>.</param>
/// <param name="IdleTimeout">
/// A board with nothing to do (no message, no write in flight, no live reader) for this long asks
/// its shard to passivate it, so memory follows the boards in use; null keeps it until stopped.
/// </param>
/// <param name="KeyWindow">How long a post's <see cref="PostKey"/> is remembered, so that a repeat is answered rather than stored again.</param>
/// <param name="MaxKeys">Most keys a board remembers; beyond it the oldest are forgotten first.</param>
public sealed record MessageStoreSettings(int SnapshotEvery, int MaxPendingAppends, TimeSpan? IdleTimeout = null, TimeSpan? KeyWindow = null, int MaxKeys = MessageStoreSettings.DefaultMaxKeys)
{
    public const int DefaultMaxKeys = 10_000;

    public static readonly TimeSpan DefaultKeyWindow = TimeSpan.FromHours(24);
}

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
public sealed class MessageStore : ReceivePersistentActor
{
    /// <summary>Most messages in one journal event.</summary>
    public const int MaxMessagesPerEvent = 1000;

    /// <summary>Snapshot no more often than every (board size / this) messages.</summary>
    private const int SnapshotFractionOfBoard = 10;

    private readonly string _board;
    private readonly IActorRef _directory;
    private readonly MessageStoreSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _publisher = Context.ActorOf(BoardPublisher.Props(), "publisher");
    private readonly Queue<(BoardMessage Message, PostKey Key, IActorRef Sender, ActivityContext Trace)> _waiting = new();
    private readonly RepeatedPosts _repeats;
    private MessageLog _messages = MessageLog.Empty;
    private long _lastAssignedId;
    private IActorRef[] _writing = [];
    private ImmutableArray<BoardMessage> _inFlight = [];
    private long _messagesSinceSnapshot;
    private int _liveReaders;
    private bool _stopWhenWritten;

    // The sequence number of the last event or snapshot recovery actually applied.
    private long _recoveredThrough;

    public MessageStore(string board, MessageStoreSettings settings, TimeProvider clock, IActorRef directory)
    {
        _board = board;
        _directory = directory;
        _settings = settings;
        _clock = clock;
        _repeats = new RepeatedPosts(settings.KeyWindow ?? MessageStoreSettings.DefaultKeyWindow, settings.MaxKeys);

        Recover<SnapshotOffer>(HandleSnapshotOffer);
        Recover<MessagesPosted>(posted =>
        {
            Apply(posted);
            _recoveredThrough = LastSequenceNr;
        });
        Recover<RecoveryCompleted>(HandleRecoveryCompleted);

        Command<AppendMessage>(HandleAppend);
        Command<GetMessages>(HandleGetMessages);
        Command<GetMessage>(HandleGetMessage);
        Command<SubscribeToBoard>(HandleSubscribe);
        Command<UnsubscribeFromBoard>(HandleUnsubscribe);
        Command<BoardPublisher.ReaderCount>(HandleReaderCount);
        Command<ReceiveTimeout>(HandleIdle);
        Command<StopBoard>(HandleStop);
        Command<SaveSnapshotSuccess>(HandleSnapshotSaved);
        Command<SaveSnapshotFailure>(HandleSnapshotFailed);
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => _log.Warning(failure.Cause, "Could not delete old snapshots"));
    }

    public override string PersistenceId => BoardName.PersistenceId(_board);

    /// <summary>Appends waiting for the journal, including those in the write in flight.</summary>
    private int Pending => _waiting.Count + _writing.Length;

    /// <summary>The newest committed id: the board's version (0 when empty).</summary>
    private long LastCommittedId => _messages.IsEmpty ? 0 : _messages[^1].Id;

    /// <param name="board">The board's name.</param>
    /// <param name="settings">What the store needs to know beyond its messages.</param>
    /// <param name="clock">Where posting times come from.</param>
    /// <param name="directory">The node's <see cref="BoardDirectoryWriter"/>, told after each commit; none by default.</param>
    public static Props Props(string board, MessageStoreSettings settings, TimeProvider clock, IActorRef? directory = null) =>
        Akka.Actor.Props.Create(() => new MessageStore(board, settings, clock, directory ?? ActorRefs.Nobody));

    private void HandleSnapshotOffer(SnapshotOffer offer)
    {
        var state = (BoardState)offer.Snapshot;
        _recoveredThrough = offer.Metadata.SequenceNr;
        _messages = state.Messages;
        _messagesSinceSnapshot = 0;
        var board = CurrentBoard();
        foreach (var (key, messageId) in state.Keys)
        {
            if (board.Find(messageId) is { } message)
            {
                _repeats.Keys.Remember(key, messageId, message.PostedAt);
            }
        }
    }

    private void HandleRecoveryCompleted(RecoveryCompleted completed)
    {
        if (LastSequenceNr != _recoveredThrough)
        {
            // The journal's newest sequence number is ahead of the events replayed: another
            // incarnation of this board (on a node handing it over) committed events while this one
            // was replaying. Carrying on would hand out ids those events already hold; recover again.
            throw new BoardRecoveryRaceException(_board, _recoveredThrough, LastSequenceNr);
        }

        _lastAssignedId = LastCommittedId;
        _log.Info("Board {0} recovered with {1} messages (journal at sequence number {2})", _board, _messages.Count, LastSequenceNr);
        ReportToDirectory();
        UpdateIdleTimer();
    }

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

        if (Pending >= _settings.MaxPendingAppends)
        {
            BoardMetrics.Rejected("busy");
            Sender.Tell(new AppendRejected($"The board is busy: {Pending} posts are waiting to be stored. Try again shortly."));
            return;
        }

        var message = new BoardMessage(++_lastAssignedId, append.Text, _clock.GetUtcNow());
        _waiting.Enqueue((message, append.Key, Sender, append.Trace));
        _repeats.Keys.Remember(append.Key, message.Id, message.PostedAt);
        BoardMetrics.PendingAppends.Add(1);
        UpdateIdleTimer();
        if (_writing.Length == 0)
        {
            WriteWaiting();
        }
    }

    /// <summary>A post sent again under a key the board remembers: answered from the message its key first stored.</summary>
    private void AnswerRepeat(AppendMessage append, long firstId)
    {
        var committed = firstId <= LastCommittedId;
        var first = committed
            ? CurrentBoard().Find(firstId)
            : _inFlight.Concat(_waiting.Select(waiting => waiting.Message)).FirstOrDefault(message => message.Id == firstId);
        _repeats.Answer(append, firstId, first, committed, Sender);
    }

    /// <summary>Persists everything waiting (up to one event's worth) as one event; the callback answers each sender.</summary>
    private void WriteWaiting()
    {
        var count = Math.Min(_waiting.Count, MaxMessagesPerEvent);
        var messages = ImmutableArray.CreateBuilder<BoardMessage>(count);
        var keys = ImmutableArray.CreateBuilder<PostKey>(count);
        var senders = new IActorRef[count];
        var traces = new ActivityContext[count];
        for (var i = 0; i < count; i++)
        {
            var (message, key, sender, trace) = _waiting.Dequeue();
            messages.Add(message);
            keys.Add(key);
            senders[i] = sender;
            traces[i] = trace;
        }

        _writing = senders;
        _inFlight = messages.ToImmutable();
        var started = Stopwatch.GetTimestamp();
        var startedAt = DateTimeOffset.UtcNow;
        PersistAsync(new MessagesPosted(_inFlight) { Keys = keys.MoveToImmutable() }, posted =>
        {
            _writing = [];
            _inFlight = [];
            BoardMetrics.JournalWriteDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            BoardMetrics.JournalWriteSize.Record(count);
            BoardMetrics.PendingAppends.Add(-count);
            BoardMetrics.PostsAccepted.Add(count);
            Apply(posted);
            for (var i = 0; i < senders.Length; i++)
            {
                BoardTracing.JournalCommitted(traces[i], startedAt, count);
                var appended = new MessageAppended(posted.Messages[i]);
                senders[i].Tell(appended);
                _repeats.Committed(appended);
            }

            _publisher.Tell(new BoardPublisher.Publish(posted.Messages));
            ReportToDirectory();
            if (_messagesSinceSnapshot >= Math.Max(_settings.SnapshotEvery, _messages.Count / SnapshotFractionOfBoard))
            {
                SaveSnapshot(new BoardState(_messages) { Keys = _repeats.Keys.Entries() });
                _messagesSinceSnapshot = 0;
            }

            if (_waiting.Count > 0)
            {
                WriteWaiting();
            }
            else if (_stopWhenWritten)
            {
                Context.Stop(Self);
            }
            else
            {
                UpdateIdleTimer();
            }
        });
    }

    /// <summary>Stops now, or as soon as the writes in flight are committed and answered: a board never leaves a post unanswered.</summary>
    private void HandleStop(StopBoard stop)
    {
        if (Pending == 0)
        {
            Context.Stop(Self);
        }
        else
        {
            _stopWhenWritten = true;
        }
    }

    /// <summary>Tells the list of boards how many messages this board holds (after recovery, a report lost in a crash is made good).</summary>
    private void ReportToDirectory()
    {
        if (!_messages.IsEmpty)
        {
            _directory.Tell(new BoardDirectoryWriter.BoardPosted(new BoardSummary(_board, _messages.Count, _messages[^1].PostedAt)));
        }
    }

    private void HandleReaderCount(BoardPublisher.ReaderCount count)
    {
        _liveReaders = count.Readers;
        UpdateIdleTimer();
    }

    /// <summary>Idle means no write in flight and no live reader: only then may the board be passivated.</summary>
    private void UpdateIdleTimer() =>
        Context.SetReceiveTimeout(Pending == 0 && _liveReaders == 0 ? _settings.IdleTimeout : null);

    private void HandleGetMessages(GetMessages query) => Sender.Tell(CurrentBoard().Page(query));

    private void HandleGetMessage(GetMessage query) => Sender.Tell(new MessageLookup(CurrentBoard().Find(query.Id)));

    private void HandleUnsubscribe(UnsubscribeFromBoard unsubscribe) => _publisher.Tell(new BoardPublisher.Remove(unsubscribe.Subscriber));

    /// <summary>Idle for the whole timeout: ask the shard to passivate this board (it answers with <see cref="StopBoard"/>).</summary>
    private void HandleIdle(ReceiveTimeout idle) => Context.Parent.Tell(new Akka.Cluster.Sharding.Passivate(StopBoard.Instance));

    private void HandleSubscribe(SubscribeToBoard subscribe)
    {
        // The publisher hears of the subscriber before any later message (messages between two
        // actors keep their order), and the reply names the last id committed until now.
        _publisher.Tell(new BoardPublisher.Add(subscribe.Subscriber));
        Sender.Tell(new Subscribed(LastCommittedId));
    }

    private BoardView CurrentBoard() => new(LastCommittedId, _messages);

    private void HandleSnapshotSaved(SaveSnapshotSuccess saved) =>
        DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));

    private void HandleSnapshotFailed(SaveSnapshotFailure failure) =>
        _log.Warning(failure.Cause, "Could not save a snapshot at sequence number {0}; the journal still holds every event", failure.Metadata.SequenceNr);

    private void Apply(MessagesPosted posted)
    {
        _messages = _messages.Append(posted.Messages);
        _messagesSinceSnapshot += posted.Messages.Length;
        for (var i = 0; i < posted.Messages.Length; i++)
        {
            _repeats.Keys.Remember(posted.KeyAt(i), posted.Messages[i].Id, posted.Messages[i].PostedAt);
        }
    }

    protected override void PostStop()
    {
        // Appends still waiting die with this incarnation; their askers time out and may retry.
        BoardMetrics.PendingAppends.Add(-Pending);
        base.PostStop();
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // The write failed (disk full, file locked, database gone): this incarnation stops and the
        // supervisor starts another from the journal. Tell everyone waiting now, rather than let
        // them wait out their timeout; they may retry.
        var refusal = new AppendRejected($"The board could not store the message ({cause.GetBaseException().Message}). Try again shortly.");
        foreach (var sender in _writing.Concat(_waiting.Select(waiting => waiting.Sender)).Concat(_repeats.Waiting))
        {
            sender.Tell(refusal);
        }

        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        // The journal refused the event without storing it. Ids handed out after it would leave a
        // gap, so start over from what the journal really holds.
        base.OnPersistRejected(cause, @event, sequenceNr);
        throw new InvalidOperationException($"The journal rejected event {sequenceNr}; restarting from the journal", cause);
    }
}

/// <summary>Recovery replayed fewer events than the journal holds: another incarnation was still writing.</summary>
public sealed class BoardRecoveryRaceException(string board, long replayedThrough, long journalAt)
    : Exception($"Board {board} replayed events through sequence number {replayedThrough} but the journal is at {journalAt}: another incarnation was still writing; recovering again");
