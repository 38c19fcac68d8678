using System.Collections.Immutable;
using System.Runtime.Serialization;
using ActorBoard.Actors.Board;
using Akka.Actor;
using Akka.Serialization;

namespace ActorBoard.Actors.Serialization;

/// <summary>
/// A compact, versioned binary format for what the store persists. The journal outlives any one
/// build of the code, so the format is written down here instead of left to a reflection-based
/// serializer: little-endian integers, UTF-8 text with a length prefix, times as UTC ticks.
/// Version 2 adds each post's <see cref="PostKey"/>; version 1 events and snapshots still load.
/// State version 3 adds whether the board is closed and its count of moderation changes; the
/// operator's events (a removal, a closing, a reopening) are their own small records.
/// </summary>
public sealed class JournalSerializer : SerializerWithStringManifest
{
    public const int SerializerId = 1701;
    private const string PostedManifestV1 = "posted.v1";
    private const string StateManifestV1 = "state.v1";
    private const string PostedManifest = "posted.v2";
    private const string StateManifestV2 = "state.v2";
    private const string StateManifestV3 = "state.v3";
    private const string StateManifest = "state.v4";
    private const string RemovedManifest = "removed.v1";
    private const string ClosedManifest = "closed.v1";
    private const string ReopenedManifest = "reopened.v1";

    /// <summary>Everything this serializer writes: what the store persists.</summary>
    public static readonly IReadOnlyList<Type> Types = [typeof(MessagesPosted), typeof(BoardState), typeof(MessageRemoved), typeof(BoardClosed), typeof(BoardReopened)];

    public JournalSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        MessagesPosted => PostedManifest,
        BoardState => StateManifest,
        MessageRemoved => RemovedManifest,
        BoardClosed => ClosedManifest,
        BoardReopened => ReopenedManifest,
        _ => throw new ArgumentException($"JournalSerializer cannot serialize {o.GetType()}", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        // Sized exactly up front: a snapshot of a big board is written once, with no growing
        // buffer and no copy at the end.
        switch (obj)
        {
            case MessagesPosted posted:
            {
                // count, then each message followed by its key
                var bytes = new byte[sizeof(int) + posted.Messages.Sum(SizeOf) + (posted.Messages.Length * KeyBytes)];
                using var writer = new BinaryWriter(new MemoryStream(bytes));
                writer.Write(posted.Messages.Length);
                for (var i = 0; i < posted.Messages.Length; i++)
                {
                    Write(writer, posted.Messages[i]);
                    posted.KeyAt(i).Write(writer);
                }

                return bytes;
            }

            case BoardState state:
            {
                // count and messages, then count and (key, message id) pairs, then closed and edits,
                // then count and (id, sequence number) pairs of removals the history did not show yet
                var bytes = new byte[sizeof(int) + state.Messages.Sum(SizeOf) + sizeof(int) + (state.Keys.Count * (KeyBytes + sizeof(long))) + sizeof(bool) + sizeof(long)
                    + sizeof(int) + (state.HiddenInHistory.Count * 2 * sizeof(long))];
                using var writer = new BinaryWriter(new MemoryStream(bytes));
                writer.Write(state.Messages.Count);
                foreach (var message in state.Messages)
                {
                    Write(writer, message);
                }

                writer.Write(state.Keys.Count);
                foreach (var (key, messageId) in state.Keys)
                {
                    key.Write(writer);
                    writer.Write(messageId);
                }

                writer.Write(state.Closed);
                writer.Write(state.Edits);
                writer.Write(state.HiddenInHistory.Count);
                foreach (var (id, sequenceNr) in state.HiddenInHistory)
                {
                    writer.Write(id);
                    writer.Write(sequenceNr);
                }

                return bytes;
            }

            default:
                return WriteModeration(obj);
        }
    }

    /// <summary>The operator's events: small, written through a growing buffer.</summary>
    private static byte[] WriteModeration(object obj)
    {
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes))
        {
            switch (obj)
            {
                case MessageRemoved removed:
                    writer.Write(removed.Id);
                    writer.Write(removed.Reason);
                    break;
                case BoardClosed closed:
                    writer.Write(closed.Reason);
                    break;
                case BoardReopened reopened:
                    writer.Write(reopened.Reason);
                    break;
                default:
                    throw new ArgumentException($"JournalSerializer cannot serialize {obj.GetType()}", nameof(obj));
            }
        }

        return bytes.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
        switch (manifest)
        {
            case PostedManifest or PostedManifestV1:
                var withKeys = manifest == PostedManifest;
                var count = reader.ReadInt32();
                var posted = ImmutableArray.CreateBuilder<BoardMessage>(count);
                var keys = ImmutableArray.CreateBuilder<PostKey>(withKeys ? count : 0);
                for (var i = 0; i < count; i++)
                {
                    posted.Add(Read(reader));
                    if (withKeys)
                    {
                        keys.Add(PostKey.Read(reader));
                    }
                }

                return new MessagesPosted(posted.MoveToImmutable()) { Keys = keys.MoveToImmutable() };
            case StateManifest or StateManifestV3 or StateManifestV2 or StateManifestV1:
                var messages = new BoardMessage[reader.ReadInt32()];
                for (var i = 0; i < messages.Length; i++)
                {
                    messages[i] = Read(reader);
                }

                var remembered = new (PostKey, long)[manifest == StateManifestV1 ? 0 : reader.ReadInt32()];
                for (var i = 0; i < remembered.Length; i++)
                {
                    remembered[i] = (PostKey.Read(reader), reader.ReadInt64());
                }

                var moderated = manifest is StateManifest or StateManifestV3;
                return new BoardState(MessageLog.From(messages))
                {
                    Keys = remembered,
                    Closed = moderated && reader.ReadBoolean(),
                    Edits = moderated ? reader.ReadInt64() : 0,
                    HiddenInHistory = manifest == StateManifest
                        ? [.. Enumerable.Range(0, reader.ReadInt32()).Select(_ => (reader.ReadInt64(), reader.ReadInt64()))]
                        : [],
                };
            case RemovedManifest:
                return new MessageRemoved(reader.ReadInt64(), reader.ReadString());
            case ClosedManifest:
                return new BoardClosed(reader.ReadString());
            case ReopenedManifest:
                return new BoardReopened(reader.ReadString());
            default:
                throw new SerializationException($"Unknown manifest '{manifest}' for JournalSerializer");
        }
    }

    private const int KeyBytes = 16;

    /// <summary>The bytes <see cref="Write"/> writes for <paramref name="message"/>: in the journal, and on the wire.</summary>
    internal static int SizeOf(BoardMessage message)
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
