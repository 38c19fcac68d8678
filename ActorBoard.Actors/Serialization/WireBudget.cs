using ActorBoard.Actors.Board;

namespace ActorBoard.Actors.Serialization;

/// <summary>
/// How many bytes of messages one protocol message may carry, so that nothing a board says can be
/// too big to cross between nodes. Akka.Remote drops a message larger than its maximum frame (it
/// logs the drop and keeps the connection): the asker would never hear back and a live reader
/// would miss posts. So a page (<see cref="MessagesPage"/>) and a live batch
/// (<see cref="MessagesCommitted"/>) hold messages up to <see cref="MessageBytes"/> and end early
/// when the next one would pass it; the reader asks again for the rest. One message always fits:
/// the server's longest allowed message is shorter than the budget.
/// <para>
/// The frame stays at Akka's default (<see cref="MaximumFrameBytes"/>, set explicitly in the
/// node's configuration): every message between two nodes shares one connection, heartbeats
/// included, and a bigger frame only lets one reply hold that connection longer.
/// </para>
/// </summary>
public static class WireBudget
{
    /// <summary>Akka.Remote's largest frame (<c>akka.remote.dot-netty.tcp.maximum-frame-size</c>).</summary>
    public const int MaximumFrameBytes = 128_000;

    /// <summary>Most bytes of messages in one page or live batch: half a frame, leaving room for the envelope.</summary>
    public const int MessageBytes = 64 * 1024;

    /// <summary>Most bytes of one message's id, time and length prefix on the wire, besides its text (the prefix of a text up to 2 MiB).</summary>
    public const int MessageOverheadBytes = sizeof(long) + sizeof(long) + 3;

    /// <summary>
    /// How many of the <paramref name="count"/> messages starting at <paramref name="start"/> and going
    /// in <paramref name="step"/> (+1 forwards, -1 backwards) fit the budget; at least one, if any.
    /// </summary>
    public static int CountFitting(IReadOnlyList<BoardMessage> messages, int start, int count, int step = 1)
    {
        var bytes = 0;
        for (var taken = 0; taken < count; taken++)
        {
            bytes += JournalSerializer.SizeOf(messages[start + (taken * step)]);
            if (bytes > MessageBytes && taken > 0)
            {
                return taken;
            }
        }

        return count;
    }
}
