using System.Collections;
using System.Collections.Immutable;

namespace ActorBoard.Actors.Board;

/// <summary>
/// The board's messages in posting order: an append-only log that the store shares with every
/// reader without copying or locking.
/// <para>
/// Messages sit in fixed-size chunks that never move. A log value is a view of the first
/// <see cref="Count"/> messages; appending writes only to slots past the end of every view
/// handed out so far and returns a new, longer view. So a view, once handed out, never changes:
/// no reader can see a later message or a half-written one, and the store (its only writer)
/// never waits for readers. Reading by position is O(1); it costs 8 bytes per message, where
/// an immutable tree costs a node object each.
/// </para>
/// <para>
/// A board keeps only its newest messages in memory (the rest are in its history, see
/// <see cref="BoardView.HistoryBelow"/>): <see cref="DropFirst"/> returns a view that starts later
/// and no longer holds the chunks before it, so they are freed once older views are gone.
/// </para>
/// </summary>
public sealed class MessageLog : IReadOnlyList<BoardMessage>
{
    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    /// <summary>The first chunk starts this small and doubles up to <see cref="ChunkSize"/>: most boards are small, and many may be loaded.</summary>
    private const int FirstChunkSize = 8;

    public static readonly MessageLog Empty = new([], 0, 0);

    private readonly BoardMessage[][] _chunks;

    // Where this view's first message sits in the first chunk: 0 until the log dropped messages.
    private readonly int _start;

    private MessageLog(BoardMessage[][] chunks, int start, int count)
    {
        _chunks = chunks;
        _start = start;
        Count = count;
    }

    public int Count { get; }

    public bool IsEmpty => Count == 0;

    public BoardMessage this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            var slot = _start + index;
            return _chunks[slot >> ChunkBits][slot & ChunkMask];
        }
    }

    public static MessageLog From(IEnumerable<BoardMessage> messages) => Empty.Append(messages);

    /// <summary>
    /// This log with <paramref name="messages"/> after it. Only the owner may append, and only to
    /// its newest log: appending to an older view would write into slots a newer view shows.
    /// </summary>
    public MessageLog Append(IEnumerable<BoardMessage> messages)
    {
        var chunks = _chunks;
        var count = _start + Count;
        foreach (var message in messages)
        {
            var chunk = count >> ChunkBits;
            if (chunk == chunks.Length)
            {
                // A bigger directory for this and later views; earlier views keep the old one.
                Array.Resize(ref chunks, Math.Max(4, chunks.Length * 2));
            }

            var slot = count & ChunkMask;
            var current = chunks[chunk];
            if (current is null)
            {
                chunks[chunk] = new BoardMessage[chunk == 0 ? FirstChunkSize : ChunkSize];
            }
            else if (slot == current.Length)
            {
                // The first chunk is full but not yet full-size: this and later views get a bigger
                // copy in a directory of their own; earlier views keep theirs, unchanged.
                var grown = new BoardMessage[current.Length * 2];
                Array.Copy(current, grown, current.Length);
                chunks = (BoardMessage[][])chunks.Clone();
                chunks[chunk] = grown;
            }

            chunks[chunk][slot] = message;
            count++;
        }

        return count == _start + Count ? this : new MessageLog(chunks, _start, count - _start);
    }

    /// <summary>
    /// This log without its first <paramref name="count"/> messages. Whole chunks before the new
    /// first message leave the directory (a new, shorter one); the chunks that stay are shared, and
    /// appends go on into this log's chunks, as after <see cref="Append"/>.
    /// </summary>
    public MessageLog DropFirst(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)count, (uint)Count, nameof(count));
        if (count == 0)
        {
            return this;
        }

        if (count == Count)
        {
            return Empty;
        }

        var start = _start + count;
        var dropped = start >> ChunkBits;
        return new MessageLog(_chunks[dropped..], start & ChunkMask, Count - count);
    }

    /// <summary>
    /// This log with the message at <paramref name="index"/> replaced (the operator removed it). The
    /// chunk holding it is copied, and so is the directory: views handed out before keep the message
    /// as it was, and later appends go on into this log's chunks, as after <see cref="Append"/>.
    /// </summary>
    public MessageLog Replace(int index, BoardMessage message)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        var slot = _start + index;
        var chunks = (BoardMessage[][])_chunks.Clone();
        var chunk = (BoardMessage[])chunks[slot >> ChunkBits].Clone();
        chunk[slot & ChunkMask] = message;
        chunks[slot >> ChunkBits] = chunk;
        return new MessageLog(chunks, _start, Count);
    }

    /// <summary>Messages <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/>, copied out.</summary>
    public ImmutableArray<BoardMessage> Slice(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)start + (uint)length, (uint)Count, nameof(length));
        var slice = ImmutableArray.CreateBuilder<BoardMessage>(length);
        for (var i = start; i < start + length; i++)
        {
            slice.Add(this[i]);
        }

        return slice.MoveToImmutable();
    }

    public IEnumerator<BoardMessage> GetEnumerator()
    {
        for (var i = _start; i < _start + Count; i++)
        {
            yield return _chunks[i >> ChunkBits][i & ChunkMask];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
