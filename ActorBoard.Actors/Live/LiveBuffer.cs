using System.Threading.Channels;
using ActorBoard.Actors.Board;

namespace ActorBoard.Actors.Live;

/// <summary>
/// One live reader's bounded buffer of new messages. The publisher only ever tries to add to it
/// and never waits, so a slow reader cannot slow the store or other readers: when the buffer is
/// full the reader is cut off (its <see cref="Reader"/> ends with <see cref="ReaderTooSlowException"/>)
/// and resumes, from the last id it saw, with a new subscription.
/// </summary>
public sealed class LiveBuffer
{
    private readonly Channel<BoardMessage> _buffer;

    public LiveBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _buffer = Channel.CreateBounded<BoardMessage>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public int Capacity { get; }

    /// <summary>
    /// New messages, oldest first, and the placeholder of each message removed meanwhile
    /// (<see cref="BoardMessage.IsRemoved"/>, an older id); completes when delivery ends, with the reason as its exception.
    /// </summary>
    public ChannelReader<BoardMessage> Reader => _buffer.Reader;

    /// <summary>Adds without waiting; false when the buffer is full or delivery has ended.</summary>
    internal bool TryDeliver(BoardMessage message) => _buffer.Writer.TryWrite(message);

    internal void End(Exception reason) => _buffer.Writer.TryComplete(reason);
}

/// <summary>The reader fell <see cref="LiveBuffer.Capacity"/> messages behind and was cut off.</summary>
public sealed class ReaderTooSlowException(int capacity)
    : Exception($"The reader fell {capacity} messages behind and was cut off; resume from the last message id received.");

/// <summary>
/// Live delivery ended: the board is restarting or moving to another node, or its feed on this node
/// missed a batch; resume from the last message id received.
/// </summary>
public sealed class BoardRestartingException()
    : Exception("Live delivery ended (the board is restarting or moving, or a batch between nodes was lost); resume from the last message id received.");
