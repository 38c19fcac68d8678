using System.Collections.Immutable;
using System.Runtime.Serialization;
using System.Text;
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
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, StrictUtf8))
        {
            switch (obj)
            {
                case MessagesPosted posted:
                    writer.Write(posted.Messages.Length);
                    foreach (var message in posted.Messages)
                    {
                        Write(writer, message);
                    }

                    break;
                case BoardState state:
                    writer.Write(state.Messages.Count);
                    foreach (var message in state.Messages)
                    {
                        Write(writer, message);
                    }

                    break;
                default:
                    throw new ArgumentException($"BoardSerializer cannot serialize {obj.GetType()}", nameof(obj));
            }
        }

        return buffer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), StrictUtf8);
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
                var count = reader.ReadInt32();
                var messages = ImmutableList.CreateBuilder<BoardMessage>();
                for (var i = 0; i < count; i++)
                {
                    messages.Add(Read(reader));
                }

                return new BoardState(messages.ToImmutable());
            default:
                throw new SerializationException($"Unknown manifest '{manifest}' for BoardSerializer");
        }
    }

    private static void Write(BinaryWriter writer, BoardMessage message)
    {
        writer.Write(message.Id);
        writer.Write(message.PostedAt.UtcTicks);
        writer.Write(message.Text);
    }

    private static BoardMessage Read(BinaryReader reader)
    {
        var id = reader.ReadInt64();
        var postedAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        return new BoardMessage(id, reader.ReadString(), postedAt);
    }
}
