using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace ActorBoard.Actors.Board;

/// <summary>
/// The operator's last word over the board: removing a message, closing and reopening the board,
/// and erasing what was removed from the journal. Each change is an event in the board's journal,
/// so it holds across restarts, crashes and moves between nodes like every post.
/// </summary>
public sealed partial class MessageStore
{
    private void HandleRemove(RemoveMessage remove)
    {
        if (_stopWhenWritten)
        {
            return; // asked again, the board's next incarnation answers
        }

        var sender = Sender;
        if (_history is not null && remove.Id >= 1 && remove.Id < HistoryBelow)
        {
            RemoveFromHistory(remove, sender);
        }
        else if (CurrentBoard().Find(remove.Id) is not { } message)
        {
            sender.Tell(new NoSuchMessage(remove.Id));
        }
        else if (message.IsRemoved)
        {
            AnswerOrErase(sender, remove.Erase, changed: false);
        }
        else
        {
            PersistRemoval(remove, sender);
        }
    }

    private void PersistRemoval(RemoveMessage remove, IActorRef sender) =>
        PersistModeration(new MessageRemoved(remove.Id, remove.Reason), removed =>
        {
            ApplyModeration(removed);
            _publisher.Tell(new MessageWithdrawn(removed.Id));
            _log.Info("Board {0}: message {1} removed by the operator ({2})", _board, removed.Id, removed.Reason);
            AnswerOrErase(sender, remove.Erase, changed: true);
        });

    private void HandleClose(CloseBoard close) => SetClosed(closed: true, close.Reason);

    private void HandleReopen(ReopenBoard reopen) => SetClosed(closed: false, reopen.Reason);

    private void SetClosed(bool closed, string reason)
    {
        if (_stopWhenWritten)
        {
            return;
        }

        var sender = Sender;
        if (_closed == closed)
        {
            sender.Tell(new ModerationDone(Changed: false));
            return;
        }

        object change = closed ? new BoardClosed(reason) : new BoardReopened(reason);
        PersistModeration(change, _ =>
        {
            ApplyModeration(change);
            _log.Info("Board {0} {1} by the operator ({2})", _board, closed ? "closed" : "reopened", reason);
            ReportToDirectory();
            sender.Tell(new ModerationDone(Changed: true));
        });
    }

    /// <summary>Persists an operator's change; the board is not idle (nor stopped) while it is in flight.</summary>
    private void PersistModeration<TEvent>(TEvent change, Action<TEvent> committed)
        where TEvent : notnull
    {
        _moderationsInFlight++;
        UpdateIdleTimer();
        PersistAsync(change, persisted =>
        {
            _moderationsInFlight--;
            committed(persisted);
            StopIfAsked();
        });
    }

    /// <summary>A removal, closing or reopening, applied to the board's state (during recovery as after a commit).</summary>
    private void ApplyModeration(object change)
    {
        switch (change)
        {
            case MessageRemoved removed:
                if (CurrentBoard().IndexOf(removed.Id) is { } index)
                {
                    _messages = _messages.Replace(index, _messages[index].AsRemoved());
                }
                else if (removed.Id < HistoryBelow)
                {
                    HideInHistory(removed.Id, LastSequenceNr);
                }

                break;
            case BoardClosed:
                _closed = true;
                break;
            case BoardReopened:
                _closed = false;
                break;
        }

        _edits++;
    }

    /// <summary>
    /// Answers the operator now, or, when asked to erase, once a snapshot of the board as it is now
    /// (removed text gone) is saved and every journal event it covers is deleted
    /// (<see cref="HandleSnapshotSaved"/>, then <see cref="HandleEventsDeleted"/>). Where the board
    /// keeps a history, the snapshot waits until the history has applied every event it covers
    /// (<see cref="EraseOnceHistoryApplied"/>): the history must hold every message, and the
    /// removal, before the journal events go.
    /// </summary>
    private void AnswerOrErase(IActorRef sender, bool erase, bool changed)
    {
        if (!erase)
        {
            sender.Tell(new ModerationDone(changed));
            return;
        }

        if (_history is null)
        {
            _erasures.Add(new Erasure(sender, changed, LastSequenceNr) { HistoryThrough = long.MaxValue });
            TakeSnapshot();
            return;
        }

        _erasures.Add(new Erasure(sender, changed, LastSequenceNr));
        AskHistoryIfWaiting();
    }

    /// <summary>The history has applied the journal up to <paramref name="applied"/>: erasures waiting for it may snapshot now.</summary>
    private void EraseOnceHistoryApplied(long applied)
    {
        if (applied < LastSequenceNr || !_erasures.Any(erasure => erasure.HistoryThrough < erasure.Through))
        {
            return;
        }

        for (var i = 0; i < _erasures.Count; i++)
        {
            _erasures[i] = _erasures[i] with { HistoryThrough = Math.Max(_erasures[i].HistoryThrough, applied) };
        }

        TakeSnapshot();
    }

    /// <summary>A snapshot that covers what an erasure waits for, of events the history has applied: delete every event it covers.</summary>
    private void EraseThrough(long snapshotSequenceNr)
    {
        if (_erasures.Any(erasure => erasure.Through <= snapshotSequenceNr && erasure.HistoryThrough >= snapshotSequenceNr))
        {
            DeleteMessages(snapshotSequenceNr);
        }
    }

    private void HandleEventsDeleted(DeleteMessagesSuccess deleted)
    {
        _log.Info("Board {0}: journal events up to {1} erased (a snapshot holds the board without removed text)", _board, deleted.ToSequenceNr);
        AnswerErasures(deleted.ToSequenceNr, new ModerationDone(Changed: true));
    }

    private void HandleEventsNotDeleted(DeleteMessagesFailure failure)
    {
        _log.Warning(failure.Cause, "Board {0}: could not erase journal events up to {1}", _board, failure.ToSequenceNr);
        AnswerErasures(failure.ToSequenceNr, new ModerationFailed("The journal could not delete the removed text; nothing was lost. Try again."));
    }

    private void AnswerErasures(long through, ModerationReply reply)
    {
        foreach (var erasure in _erasures.Where(erasure => erasure.Through <= through).ToList())
        {
            erasure.Sender.Tell(reply is ModerationDone ? new ModerationDone(erasure.Changed) : reply);
            _erasures.Remove(erasure);
        }
    }

    /// <summary>
    /// An operator waiting for the journal events up to <paramref name="Through"/> to be deleted; the
    /// history has applied the journal up to <see cref="HistoryThrough"/> (no history: all of it).
    /// </summary>
    private sealed record Erasure(IActorRef Sender, bool Changed, long Through)
    {
        public long HistoryThrough { get; init; }
    }
}
