using ActorBoard.Actors.Telemetry;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace ActorBoard.Actors.Board;

/// <summary>
/// How a board comes back and how it goes: recovery from its snapshot and events, a journal that
/// fails or refuses a write, and what dies with an incarnation.
/// </summary>
public sealed partial class MessageStore
{
    private void HandleSnapshotOffer(SnapshotOffer offer)
    {
        var state = (BoardState)offer.Snapshot;
        _recoveredThrough = offer.Metadata.SequenceNr;
        ForgetWindow();
        _messages = state.Messages;
        _closed = state.Closed;
        _edits = state.Edits;
        _messagesSinceSnapshot = 0;
        _bytesSinceSnapshot = 0;
        AddToWindow([.. state.Messages]);
        _lastSnapshotOverfull = WindowOverfull; // a board from before it had a history, or whose history was behind
        _hidden.Clear();
        _hidden.AddRange(state.HiddenInHistory);
        _hiddenIds = [.. _hidden.Select(hidden => hidden.Id)];
        _repeats.Restore(state.Keys, CurrentBoard());
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
        AskHistoryIfWaiting();
    }

    private void RecoverModeration(object change)
    {
        ApplyModeration(change);
        _recoveredThrough = LastSequenceNr;
    }

    private void Apply(MessagesPosted posted)
    {
        _messages = _messages.Append(posted.Messages);
        _bytesSinceSnapshot += AddToWindow(posted.Messages);
        _messagesSinceSnapshot += posted.Messages.Length;
        _repeats.Remember(posted);
    }

    protected override void PostStop()
    {
        // Appends still waiting die with this incarnation; their askers time out and may retry.
        BoardMetrics.PendingAppends.Add(-_pending.Count);
        if (_reportPending)
        {
            SendReport();
        }

        ForgetWindow();
        base.PostStop();
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // The write failed (disk full, file locked, database gone): this incarnation stops and the
        // supervisor starts another from the journal. Tell everyone waiting now, rather than let
        // them wait out their timeout; they may retry. What failed is for the operator's log (Akka
        // logs the cause), never for the client: no path, no address, no driver's words.
        var refusal = new AppendRejected("The board cannot store posts right now. Try again in a second.");
        foreach (var sender in _pending.Senders.Concat(_repeats.Waiting))
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
