using System.Collections.Immutable;
using ActorBoard.Actors.Serialization;
using ActorBoard.Actors.Storage;
using ActorBoard.Actors.Telemetry;
using Akka.Actor;
using Akka.Event;

namespace ActorBoard.Actors.Board;

/// <summary>
/// A board of any size in bounded memory. Where the storage keeps a history (<see cref="BoardHistory"/>,
/// filled from the journal by <see cref="HistoryProjection"/>), the board holds its newest messages
/// only (<see cref="MessageStoreSettings.WindowMessages"/>, <see cref="MessageStoreSettings.WindowBytes"/>)
/// and lets older ones go once the history says it holds them; readers of older messages are told
/// to read them there (<see cref="MessagesPage.HistoryBelow"/>). The board asks the history how far
/// it has come only when it has something to let go of, or something waiting for it: a removal the
/// history does not show yet, or an erasure that may delete journal events only once the history
/// has applied them.
/// </summary>
public sealed partial class MessageStore
{
    /// <summary>How soon the board asks again when the history has not caught up yet.</summary>
    private static readonly TimeSpan HistoryPollInterval = TimeSpan.FromMilliseconds(200);

    private readonly List<(long Id, long SequenceNr)> _hidden = [];
    private ImmutableArray<long> _hiddenIds = [];
    private long _windowBytes;
    private bool _askingHistory;

    // The newest snapshot held more than the window: a history that was behind has caught up since.
    private bool _lastSnapshotOverfull;

    /// <summary>Ids below this are in the history only (0: the board holds all of its messages).</summary>
    private long HistoryBelow => _messages.IsEmpty || _messages[0].Id == 1 ? 0 : _messages[0].Id;

    /// <summary>The window is past its bounds by a quarter: time to let the oldest go, so it is not asked after every post.</summary>
    private bool WindowOverfull =>
        _history is not null
        && (_messages.Count > _settings.WindowMessages + (_settings.WindowMessages / 4) || _windowBytes > _settings.WindowBytes + (_settings.WindowBytes / 4));

    private bool WaitingForHistory => _hidden.Count > 0 || _erasures.Any(erasure => erasure.HistoryThrough < erasure.Through) || WindowOverfull;

    /// <summary>Asks the history how far it has come, when the board waits for it and is not asking already.</summary>
    private void AskHistoryIfWaiting()
    {
        if (_history is null || _askingHistory || !WaitingForHistory)
        {
            return;
        }

        _askingHistory = true;
        _history.ProgressAsync(_board, CancellationToken.None)
            .PipeTo(Self, success: progress => new HistoryProgressed(progress), failure: cause => new HistoryUnreachable(cause));
    }

    private void HandleHistoryProgressed(HistoryProgressed progressed)
    {
        var progress = progressed.Progress;
        if (_hidden.RemoveAll(hidden => hidden.SequenceNr <= progress.AppliedThrough) > 0)
        {
            _hiddenIds = [.. _hidden.Select(hidden => hidden.Id)];
        }

        LetGo(progress.HeldThrough);
        EraseOnceHistoryApplied(progress.AppliedThrough);
        LookAgainLater();
    }

    private void HandleHistoryUnreachable(HistoryUnreachable unreachable)
    {
        _log.Warning(unreachable.Cause, "Board {0} could not read how far its history has come; it keeps its messages in memory and asks again", _board);
        LookAgainLater();
    }

    /// <summary>Asks again in a moment while the board still waits for the history; stops asking when it does not.</summary>
    private void LookAgainLater()
    {
        if (WaitingForHistory)
        {
            Timers.StartSingleTimer(LookAtHistory.Instance, LookAtHistory.Instance, HistoryPollInterval);
        }
        else
        {
            _askingHistory = false;
        }
    }

    private void HandleLookAtHistory(LookAtHistory look)
    {
        _askingHistory = false;
        AskHistoryIfWaiting();
    }

    /// <summary>Lets the oldest messages go, down to the window's bounds, but none the history does not hold yet (ids above <paramref name="heldThrough"/>).</summary>
    private void LetGo(long heldThrough)
    {
        var drop = 0;
        var bytes = _windowBytes;
        while (drop < _messages.Count - 1
               && _messages[drop].Id <= heldThrough
               && (_messages.Count - drop > _settings.WindowMessages || bytes > _settings.WindowBytes))
        {
            bytes -= JournalSerializer.SizeOf(_messages[drop]);
            drop++;
        }

        if (drop > 0)
        {
            BoardMetrics.MessagesInMemory.Add(-drop);
            BoardMetrics.MessageBytesInMemory.Add(bytes - _windowBytes);
            _messages = _messages.DropFirst(drop);
            _windowBytes = bytes;
            if (_lastSnapshotOverfull && !WindowOverfull)
            {
                // The newest snapshot was taken while the history was behind: replace it with one of the window.
                TakeSnapshot();
            }
        }
    }

    /// <summary>Counts the bytes of messages coming into the window; returns them.</summary>
    private long AddToWindow(ImmutableArray<BoardMessage> messages)
    {
        var bytes = 0L;
        foreach (var message in messages)
        {
            bytes += JournalSerializer.SizeOf(message);
        }

        _windowBytes += bytes;
        BoardMetrics.MessagesInMemory.Add(messages.Length);
        BoardMetrics.MessageBytesInMemory.Add(bytes);
        return bytes;
    }

    /// <summary>The board's messages leave memory with it.</summary>
    private void ForgetWindow()
    {
        BoardMetrics.MessagesInMemory.Add(-_messages.Count);
        BoardMetrics.MessageBytesInMemory.Add(-_windowBytes);
        _windowBytes = 0;
    }

    /// <summary>A removal of a message older than the window: hidden from history pages until the history shows it removed.</summary>
    private void HideInHistory(long id, long sequenceNr)
    {
        _hidden.Add((id, sequenceNr));
        _hiddenIds = _hiddenIds.Add(id);
        AskHistoryIfWaiting();
    }

    /// <summary>
    /// The operator removes a message older than the window: its text is read from the history
    /// first (the removal of a message already removed changes nothing), then removed as any other.
    /// </summary>
    private void RemoveFromHistory(RemoveMessage remove, IActorRef sender)
    {
        if (_hiddenIds.Contains(remove.Id))
        {
            AnswerOrErase(sender, remove.Erase, changed: false);
            return;
        }

        _moderationsInFlight++;
        UpdateIdleTimer();
        _history!.FindAsync(_board, remove.Id, CancellationToken.None)
            .PipeTo(Self, success: message => new FoundInHistory(remove, sender, message), failure: _ => new FoundInHistory(remove, sender, null) { Failed = true });
    }

    private void HandleFoundInHistory(FoundInHistory found)
    {
        _moderationsInFlight--;
        if (found.Failed)
        {
            found.Sender.Tell(new ModerationFailed("The board's history could not be read; nothing was changed. Try again."));
            StopIfAsked();
            return;
        }

        if (found.Message is null || found.Message.IsRemoved || _hiddenIds.Contains(found.Remove.Id))
        {
            // Not yet in the history would be a message the board still holds: it is removed, or was never there.
            AnswerOrErase(found.Sender, found.Remove.Erase, changed: false);
            StopIfAsked();
            return;
        }

        PersistRemoval(found.Remove, found.Sender);
        StopIfAsked();
    }

    /// <summary>A post sent again whose first message left the window: answered from the history.</summary>
    private void AnswerRepeatFromHistory(AppendMessage append, long firstId)
    {
        var sender = Sender;
        _history!.FindAsync(_board, firstId, CancellationToken.None)
            .PipeTo(Self, success: message => new RepeatFound(append, firstId, message, sender), failure: _ => new RepeatFound(append, firstId, null, sender));
    }

    private void HandleRepeatFound(RepeatFound found)
    {
        if (found.Message is null)
        {
            // The history could not be read: unanswered, the post is asked again under its key.
            return;
        }

        _repeats.Answer(found.Append, found.FirstId, found.Message, committed: true, found.Sender);
    }

    /// <summary>What the history answered about this board.</summary>
    private sealed record HistoryProgressed(HistoryProgress Progress);

    /// <summary>The history could not be read.</summary>
    private sealed record HistoryUnreachable(Exception Cause);

    /// <summary>Time to ask the history again.</summary>
    private sealed class LookAtHistory
    {
        public static readonly LookAtHistory Instance = new();
    }

    /// <summary>What the history holds of a message the operator removes (<see cref="Failed"/>: it could not be read).</summary>
    private sealed record FoundInHistory(RemoveMessage Remove, IActorRef Sender, BoardMessage? Message)
    {
        public bool Failed { get; init; }
    }

    /// <summary>The message a repeated post's key first stored, read from the history (null: it could not be read).</summary>
    private sealed record RepeatFound(AppendMessage Append, long FirstId, BoardMessage? Message, IActorRef Sender);
}
