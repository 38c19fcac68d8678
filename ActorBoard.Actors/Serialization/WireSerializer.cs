using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.Serialization;
using ActorBoard.Actors.Board;
using Akka.Actor;
using Akka.Serialization;

namespace ActorBoard.Actors.Serialization;

/// <summary>
/// The wire format of everything endpoints, readers and the store say to each other, so any of it
/// can cross between cluster nodes: written out field by field (little-endian integers, UTF-8 text
/// with a length prefix, messages as the journal writes them, actor references as their paths),
/// with a versioned manifest per type, never a type name read from the wire.
/// </summary>
public sealed class WireSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 1702;

    /// <summary>The types this serializer writes, each with its manifest.</summary>
    public static readonly ImmutableDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        [typeof(AppendMessage)] = "append.v2",
        [typeof(MessageAppended)] = "appended.v1",
        [typeof(AppendRejected)] = "rejected.v1",
        [typeof(KeyAlreadyUsed)] = "key-used.v1",
        [typeof(BoardFull)] = "board-full.v1",
        [typeof(GetMessages)] = "get-messages.v1",
        [typeof(BoardClosedToPosts)] = "closed-to-posts.v1",
        [typeof(MessagesPage)] = "page.v3",
        [typeof(GetMessage)] = "get-message.v1",
        [typeof(MessageLookup)] = "lookup.v2",
        [typeof(SubscribeToBoard)] = "subscribe.v1",
        [typeof(Subscribed)] = "subscribed.v1",
        [typeof(UnsubscribeFromBoard)] = "unsubscribe.v1",
        [typeof(MessagesCommitted)] = "committed.v1",
        [typeof(LiveFeedEnded)] = "feed-ended.v1",
        [typeof(MessageWithdrawn)] = "withdrawn.v1",
        [typeof(RemoveMessage)] = "remove-message.v1",
        [typeof(CloseBoard)] = "close-board.v1",
        [typeof(ReopenBoard)] = "reopen-board.v1",
        [typeof(ModerationDone)] = "moderated.v1",
        [typeof(NoSuchMessage)] = "no-such-message.v1",
        [typeof(ModerationFailed)] = "moderation-failed.v1",
    }.ToImmutableDictionary();

    public override int Identifier => SerializerId;

    public override string Manifest(object o) =>
        Manifests.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"WireSerializer cannot serialize {o.GetType()}", nameof(o));

    public override byte[] ToBinary(object obj)
    {
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes))
        {
            Write(writer, obj);
        }

        return bytes.ToArray();
    }

    /// <summary>Posts and reads: what endpoints ask a board, and its answers.</summary>
    private static void Write(BinaryWriter writer, object obj)
    {
        switch (obj)
        {
            case AppendMessage append:
                writer.Write(append.Board);
                writer.Write(append.Text);
                writer.Write(append.Trace == default ? string.Empty : TraceParent(append.Trace));
                append.Key.Write(writer);
                break;
            case MessageAppended appended:
                JournalSerializer.Write(writer, appended.Message);
                break;
            case AppendRejected rejected:
                writer.Write(rejected.Reason);
                break;
            case KeyAlreadyUsed used:
                writer.Write(used.MessageId);
                break;
            case BoardFull full:
                writer.Write(full.Limit);
                break;
            case GetMessages query:
                writer.Write(query.Board);
                WriteOptional(writer, query.After);
                WriteOptional(writer, query.Before);
                writer.Write(query.Limit);
                break;
            case BoardClosedToPosts:
                break;
            case MessagesPage page:
                writer.Write(page.Version);
                writer.Write(page.FirstId);
                WriteMessages(writer, page.Messages);
                writer.Write(page.Edits);
                writer.Write(page.Closed);
                writer.Write(page.HistoryBelow);
                writer.Write(page.HiddenInHistory.Length);
                foreach (var id in page.HiddenInHistory)
                {
                    writer.Write(id);
                }

                break;
            case GetMessage query:
                writer.Write(query.Board);
                writer.Write(query.Id);
                break;
            case MessageLookup lookup:
                writer.Write(lookup.Message is not null);
                if (lookup.Message is not null)
                {
                    JournalSerializer.Write(writer, lookup.Message);
                }

                writer.Write(lookup.InHistory);
                writer.Write(lookup.Hidden);
                break;
            default:
                WriteLive(writer, obj);
                break;
        }
    }

    /// <summary>Live delivery: a node's feed subscribing to a board, and what the board sends it.</summary>
    private static void WriteLive(BinaryWriter writer, object obj)
    {
        switch (obj)
        {
            case SubscribeToBoard subscribe:
                writer.Write(subscribe.Board);
                writer.Write(Akka.Serialization.Serialization.SerializedActorPath(subscribe.Subscriber));
                break;
            case Subscribed subscribed:
                writer.Write(subscribed.Version);
                break;
            case UnsubscribeFromBoard unsubscribe:
                writer.Write(unsubscribe.Board);
                writer.Write(Akka.Serialization.Serialization.SerializedActorPath(unsubscribe.Subscriber));
                break;
            case MessagesCommitted committed:
                WriteMessages(writer, committed.Messages);
                break;
            case LiveFeedEnded:
                break;
            case MessageWithdrawn withdrawn:
                writer.Write(withdrawn.Id);
                break;
            default:
                WriteModeration(writer, obj);
                break;
        }
    }

    /// <summary>The operator's commands to a board (from whichever node took the request), and the board's answers.</summary>
    private static void WriteModeration(BinaryWriter writer, object obj)
    {
        switch (obj)
        {
            case RemoveMessage remove:
                writer.Write(remove.Board);
                writer.Write(remove.Id);
                writer.Write(remove.Reason);
                writer.Write(remove.Erase);
                break;
            case CloseBoard close:
                writer.Write(close.Board);
                writer.Write(close.Reason);
                break;
            case ReopenBoard reopen:
                writer.Write(reopen.Board);
                writer.Write(reopen.Reason);
                break;
            case ModerationDone done:
                writer.Write(done.Changed);
                break;
            case NoSuchMessage missing:
                writer.Write(missing.Id);
                break;
            case ModerationFailed failed:
                writer.Write(failed.Reason);
                break;
            default:
                throw new ArgumentException($"WireSerializer cannot serialize {obj.GetType()}", nameof(obj));
        }
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
        return manifest switch
        {
            // v1 (no key) still comes from nodes of the previous version during a rolling upgrade.
            "append.v1" => new AppendMessage(reader.ReadString(), reader.ReadString()) { Trace = ParseTraceParent(reader.ReadString()) },
            "append.v2" => new AppendMessage(reader.ReadString(), reader.ReadString()) { Trace = ParseTraceParent(reader.ReadString()), Key = PostKey.Read(reader) },
            "appended.v1" => new MessageAppended(JournalSerializer.Read(reader)),
            "rejected.v1" => new AppendRejected(reader.ReadString()),
            "key-used.v1" => new KeyAlreadyUsed(reader.ReadInt64()),
            "board-full.v1" => new BoardFull(reader.ReadInt64()),
            "get-messages.v1" => new GetMessages(reader.ReadString(), ReadOptional(reader), ReadOptional(reader), reader.ReadInt32()),
            // v1 (no moderation) and v2 (no history) still come from nodes of earlier versions during a rolling upgrade.
            "page.v1" => new MessagesPage(reader.ReadInt64(), reader.ReadInt64(), ReadMessages(reader)),
            "page.v2" => new MessagesPage(reader.ReadInt64(), reader.ReadInt64(), ReadMessages(reader)) { Edits = reader.ReadInt64(), Closed = reader.ReadBoolean() },
            "page.v3" => new MessagesPage(reader.ReadInt64(), reader.ReadInt64(), ReadMessages(reader))
            {
                Edits = reader.ReadInt64(),
                Closed = reader.ReadBoolean(),
                HistoryBelow = reader.ReadInt64(),
                HiddenInHistory = [.. Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadInt64())],
            },
            "closed-to-posts.v1" => BoardClosedToPosts.Instance,
            "get-message.v1" => new GetMessage(reader.ReadString(), reader.ReadInt64()),
            "lookup.v1" => new MessageLookup(reader.ReadBoolean() ? JournalSerializer.Read(reader) : null),
            "lookup.v2" => new MessageLookup(reader.ReadBoolean() ? JournalSerializer.Read(reader) : null) { InHistory = reader.ReadBoolean(), Hidden = reader.ReadBoolean() },
            "subscribe.v1" => new SubscribeToBoard(reader.ReadString(), ResolveActor(reader.ReadString())),
            "subscribed.v1" => new Subscribed(reader.ReadInt64()),
            "unsubscribe.v1" => new UnsubscribeFromBoard(reader.ReadString(), ResolveActor(reader.ReadString())),
            "committed.v1" => new MessagesCommitted(ReadMessages(reader)),
            "feed-ended.v1" => LiveFeedEnded.Instance,
            "withdrawn.v1" => new MessageWithdrawn(reader.ReadInt64()),
            "remove-message.v1" => new RemoveMessage(reader.ReadString(), reader.ReadInt64(), reader.ReadString()) { Erase = reader.ReadBoolean() },
            "close-board.v1" => new CloseBoard(reader.ReadString(), reader.ReadString()),
            "reopen-board.v1" => new ReopenBoard(reader.ReadString(), reader.ReadString()),
            "moderated.v1" => new ModerationDone(reader.ReadBoolean()),
            "no-such-message.v1" => new NoSuchMessage(reader.ReadInt64()),
            "moderation-failed.v1" => new ModerationFailed(reader.ReadString()),
            _ => throw new SerializationException($"Unknown manifest '{manifest}' for WireSerializer"),
        };
    }

    /// <summary>The W3C <c>traceparent</c> form of a span context.</summary>
    private static string TraceParent(ActivityContext context) =>
        $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{(context.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? "01" : "00")}";

    private static ActivityContext ParseTraceParent(string traceParent) =>
        traceParent.Length > 0 && ActivityContext.TryParse(traceParent, null, out var context) ? context : default;

    private static void WriteOptional(BinaryWriter writer, long? value)
    {
        writer.Write(value.HasValue);
        writer.Write(value.GetValueOrDefault());
    }

    private static long? ReadOptional(BinaryReader reader)
    {
        var present = reader.ReadBoolean();
        var value = reader.ReadInt64();
        return present ? value : null;
    }

    private static void WriteMessages(BinaryWriter writer, ImmutableArray<BoardMessage> messages)
    {
        writer.Write(messages.Length);
        foreach (var message in messages)
        {
            JournalSerializer.Write(writer, message);
        }
    }

    private static ImmutableArray<BoardMessage> ReadMessages(BinaryReader reader)
    {
        var messages = ImmutableArray.CreateBuilder<BoardMessage>(reader.ReadInt32());
        for (var i = 0; i < messages.Capacity; i++)
        {
            messages.Add(JournalSerializer.Read(reader));
        }

        return messages.MoveToImmutable();
    }

    private IActorRef ResolveActor(string path) => system.Provider.ResolveActorRef(path);
}
