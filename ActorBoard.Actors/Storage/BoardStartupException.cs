namespace ActorBoard.Actors.Storage;

/// <summary>A reason the board must not start, in words an operator can act on.</summary>
public sealed class BoardStartupException(string message, Exception? innerException = null)
    : Exception(message, innerException);
