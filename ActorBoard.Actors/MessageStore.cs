using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace ActorBoard.Actors;

/// <summary>What the store needs to know beyond its messages.</summary>
/// <param name="SnapshotEvery">
/// Fewest events between snapshots. A snapshot holds the whole board, so the store waits for
/// this many events or a tenth of the board, whichever is more: the cost of snapshots per post
/// stays constant as the board grows, and a restart replays at most that many events.
/// </param>
/// <param name="MaxPendingAppends">Appends waiting for the journal beyond this are refused with <see cref="AppendRejected"/>.</param>
public sealed record MessageStoreSettings(int SnapshotEvery, int MaxPendingAppends);

/// <summary>
/// The single owner of the board's messages. Every append and every read passes through this
/// actor's mailbox one at a time, so the state needs no lock: it is only ever touched inside
/// the handlers below, and readers get an immutable list that later appends never change.
/// <para>
/// Appends are event-sourced with <c>PersistAsync</c>: while one journal write is in flight the
/// actor keeps taking commands, and Akka.Persistence sends everything that arrived meanwhile as
/// the next batch. Under load that becomes one database transaction for many posts (group
/// commit), yet each sender is answered only once its own event is committed.
/// </para>
/// </summary>
public sealed class MessageStore : ReceivePersistentActor
{
    public const string BoardPersistenceId = "board";

    /// <summary>Snapshot no more often than every (board size / this) events.</summary>
    private const int SnapshotFractionOfBoard = 10;

    private readonly MessageStoreSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _publisher = Context.ActorOf(BoardPublisher.Props(), "publisher");
    private ImmutableList<BoardMessage> _messages = ImmutableList<BoardMessage>.Empty;
    private long _lastCommittedId;
    private long _lastAssignedId;
    private int _pendingAppends;
    private long _eventsSinceSnapshot;

    public MessageStore(MessageStoreSettings settings, TimeProvider clock)
    {
        _settings = settings;
        _clock = clock;

        Recover<SnapshotOffer>(HandleSnapshotOffer);
        Recover<MessagePosted>(Apply);
        Recover<RecoveryCompleted>(HandleRecoveryCompleted);

        Command<AppendMessage>(HandleAppend);
        Command<Snapshot>(HandleSnapshot);
        Command<SubscribeToBoard>(HandleSubscribe);
        Command<UnsubscribeFromBoard>(unsubscribe => _publisher.Tell(new BoardPublisher.Remove(unsubscribe.Subscriber)));
        Command<SaveSnapshotSuccess>(HandleSnapshotSaved);
        Command<SaveSnapshotFailure>(HandleSnapshotFailed);
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => _log.Warning(failure.Cause, "Could not delete old snapshots"));
    }

    public override string PersistenceId => BoardPersistenceId;

    public static Props Props(MessageStoreSettings settings, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new MessageStore(settings, clock));

    private void HandleSnapshotOffer(SnapshotOffer offer)
    {
        var state = (BoardState)offer.Snapshot;
        _messages = state.Messages;
        _lastCommittedId = _messages.IsEmpty ? 0 : _messages[^1].Id;
        _eventsSinceSnapshot = 0;
    }

    private void HandleRecoveryCompleted(RecoveryCompleted completed)
    {
        _lastAssignedId = _lastCommittedId;
        _log.Info("Board recovered with {0} messages (journal at sequence number {1})", _messages.Count, LastSequenceNr);
    }

    private void HandleAppend(AppendMessage append)
    {
        var sender = Sender;
        if (_pendingAppends >= _settings.MaxPendingAppends)
        {
            sender.Tell(new AppendRejected($"The board is busy: {_pendingAppends} posts are waiting to be stored."));
            return;
        }

        _pendingAppends++;
        var message = new BoardMessage(++_lastAssignedId, append.Text, _clock.GetUtcNow());
        PersistAsync(new MessagePosted(message), posted =>
        {
            _pendingAppends--;
            Apply(posted);
            sender.Tell(new MessageAppended(posted.Message));
            _publisher.Tell(new BoardPublisher.Publish(posted.Message));
            if (_eventsSinceSnapshot >= Math.Max(_settings.SnapshotEvery, _messages.Count / SnapshotFractionOfBoard))
            {
                SaveSnapshot(new BoardState(_messages));
                _eventsSinceSnapshot = 0;
            }
        });
    }

    private void HandleSnapshot(Snapshot query) =>
        Sender.Tell(CurrentBoard());

    private void HandleSubscribe(SubscribeToBoard subscribe)
    {
        // The publisher hears of the subscriber before any later message (messages between two
        // actors keep their order), and the reply holds everything committed until now.
        _publisher.Tell(new BoardPublisher.Add(subscribe.Subscriber));
        Sender.Tell(new Subscribed(CurrentBoard()));
    }

    private BoardSnapshot CurrentBoard() => new(_lastCommittedId, _messages);

    private void HandleSnapshotSaved(SaveSnapshotSuccess saved) =>
        DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));

    private void HandleSnapshotFailed(SaveSnapshotFailure failure) =>
        _log.Warning(failure.Cause, "Could not save a snapshot at sequence number {0}; the journal still holds every event", failure.Metadata.SequenceNr);

    private void Apply(MessagePosted posted)
    {
        _messages = _messages.Add(posted.Message);
        _lastCommittedId = posted.Message.Id;
        _eventsSinceSnapshot++;
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        // The journal refused the event without storing it. Ids handed out after it would leave a
        // gap, so start over from what the journal really holds.
        base.OnPersistRejected(cause, @event, sequenceNr);
        throw new InvalidOperationException($"The journal rejected event {sequenceNr}; restarting from the journal", cause);
    }
}
