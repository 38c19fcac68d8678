using System.Collections.Immutable;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace ActorBoard.Actors;

/// <summary>
/// A compact, versioned binary format for what the store persists. The journal outlives any one
/// build of the code, so the format is written down here instead of left to a reflection-based
/// serializer: little-endian integers, UTF-8 text with a length prefix, times as UTC ticks.
/// </summary>
public sealed class BoardSerializer : SerializerWithStringManifest
{
    public const int SerializerId = 1701;
    private const string PostedManifest = "posted.v1";
    private const string StateManifest = "state.v1";

    public BoardSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        MessagesPosted => PostedManifest,
        BoardState => StateManifest,
        _ => throw new ArgumentException($"BoardSerializer cannot serialize {o.GetType()}", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        IReadOnlyCollection<BoardMessage> messages = obj switch
        {
            MessagesPosted posted => posted.Messages,
            BoardState state => state.Messages,
            _ => throw new ArgumentException($"BoardSerializer cannot serialize {obj.GetType()}", nameof(obj)),
        };

        // Sized exactly up front: a snapshot of a big board is written once, with no growing
        // buffer and no copy at the end.
        var bytes = new byte[sizeof(int) + messages.Sum(SizeOf)];
        using var writer = new BinaryWriter(new MemoryStream(bytes));
        writer.Write(messages.Count);
        foreach (var message in messages)
        {
            Write(writer, message);
        }

        return bytes;
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
        switch (manifest)
        {
            case PostedManifest:
                var posted = ImmutableArray.CreateBuilder<BoardMessage>(reader.ReadInt32());
                for (var i = 0; i < posted.Capacity; i++)
                {
                    posted.Add(Read(reader));
                }

                return new MessagesPosted(posted.MoveToImmutable());
            case StateManifest:
                var messages = new BoardMessage[reader.ReadInt32()];
                for (var i = 0; i < messages.Length; i++)
                {
                    messages[i] = Read(reader);
                }

                return new BoardState(MessageLog.From(messages));
            default:
                throw new SerializationException($"Unknown manifest '{manifest}' for BoardSerializer");
        }
    }

    private static int SizeOf(BoardMessage message)
    {
        var textBytes = message.Utf8Text.Length;
        var prefixBytes = 1;
        for (var rest = textBytes >> 7; rest > 0; rest >>= 7)
        {
            prefixBytes++;
        }

        return sizeof(long) + sizeof(long) + prefixBytes + textBytes;
    }

    // The text is written as BinaryWriter writes a string (7-bit length prefix, UTF-8 bytes),
    // straight from the stored bytes.
    internal static void Write(BinaryWriter writer, BoardMessage message)
    {
        writer.Write(message.Id);
        writer.Write(message.PostedAt.UtcTicks);
        writer.Write7BitEncodedInt(message.Utf8Text.Length);
        writer.Write(message.Utf8Text);
    }

    internal static BoardMessage Read(BinaryReader reader)
    {
        var id = reader.ReadInt64();
        var postedAtUtcTicks = reader.ReadInt64();
        var text = reader.ReadBytes(reader.Read7BitEncodedInt());
        return BoardMessage.FromStored(id, text, postedAtUtcTicks);
    }
}
