using System.Text;
using ActorBoard.Actors.Serialization;

namespace ActorBoard.Actors.Board;

/// <summary>
/// One entry on the board: its id (1, 2, 3, … in posting order), its text and when it was posted (UTC).
/// <para>
/// A board holds every message in memory, so the entry is kept small: the text as UTF-8 bytes
/// (half the size of a .NET string for most text) and the time as UTC ticks. <see cref="Text"/>
/// decodes on each read; pages, API answers and live events read only the few they show.
/// </para>
/// </summary>
public sealed record BoardMessage
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte[] _text = [];
    private readonly long _postedAtUtcTicks;

    public BoardMessage(long id, string text, DateTimeOffset postedAt)
    {
        Id = id;
        Text = text;
        PostedAt = postedAt;
    }

    private BoardMessage(long id, byte[] utf8Text, long postedAtUtcTicks)
    {
        Id = id;
        _text = utf8Text;
        _postedAtUtcTicks = postedAtUtcTicks;
    }

    public long Id { get; init; }

    public string Text
    {
        get => Utf8.GetString(_text);
        init => _text = Utf8.GetBytes(value);
    }

    public DateTimeOffset PostedAt
    {
        get => new(_postedAtUtcTicks, TimeSpan.Zero);
        init => _postedAtUtcTicks = value.UtcTicks;
    }

    /// <summary>
    /// True for the placeholder of a message the operator removed (<see cref="RemoveMessage"/>): it
    /// keeps its id and time, and its text is empty, which no post can be.
    /// </summary>
    public bool IsRemoved => _text.Length == 0;

    /// <summary>The text as stored, for serializers that write it without decoding.</summary>
    public ReadOnlySpan<byte> Utf8Text => _text;

    /// <summary>Rebuilds a message from its stored form (<see cref="JournalSerializer"/>); the bytes are taken, not copied.</summary>
    public static BoardMessage FromStored(long id, byte[] utf8Text, long postedAtUtcTicks) =>
        new(id, utf8Text, postedAtUtcTicks);

    /// <summary>This message's placeholder once removed: the same id and time, no text.</summary>
    public BoardMessage AsRemoved() => new(Id, [], _postedAtUtcTicks);

    /// <summary>The placeholder of removed message <paramref name="id"/>, when only its id is known (a live reader told of a removal).</summary>
    public static BoardMessage Removed(long id) => new(id, [], 0);

    public bool Equals(BoardMessage? other) =>
        other is not null && Id == other.Id && _postedAtUtcTicks == other._postedAtUtcTicks && _text.AsSpan().SequenceEqual(other._text);

    public override int GetHashCode() => HashCode.Combine(Id, _postedAtUtcTicks, _text.Length);

    public void Deconstruct(out long id, out string text, out DateTimeOffset postedAt)
    {
        id = Id;
        text = Text;
        postedAt = PostedAt;
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id).Append(", Text = ").Append(Text).Append(", PostedAt = ").Append(PostedAt.ToString("O"));
        return true;
    }
}
