namespace ActorBoard.Actors.Board;

/// <summary>Recovery replayed fewer events than the journal holds: another incarnation was still writing.</summary>
public sealed class BoardRecoveryRaceException(string board, long replayedThrough, long journalAt)
    : Exception($"Board {board} replayed events through sequence number {replayedThrough} but the journal is at {journalAt}: another incarnation was still writing; recovering again");
