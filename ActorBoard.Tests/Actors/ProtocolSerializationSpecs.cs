using System.Diagnostics;
using ActorBoard.Actors.Board;
using ActorBoard.Actors.Live;
using ActorBoard.Actors.Serialization;
using ActorBoard.Tests.Support;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Serialization;

namespace ActorBoard.Tests.Actors;

/// <summary>
/// Everything endpoints, readers and the store say to each other has an explicit wire format, so
/// it can cross cluster nodes: each message is written by the board's protocol serializer (never
/// a reflection-based default) and read back the same, and the store works with
/// <c>serialize-messages</c> on, which puts every message through its serializer as if it crossed a node.
/// </summary>
public sealed class ProtocolSerializationSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(SerializingSetup, "protocol-spec", output)
{
    private static readonly BoardMessage Sample = new(42, "Line one\nline two: <b>&amp;</b> \"quoted\" don't 日本語 🎉", DateTimeOffset.Parse("2026-11-23T12:34:56.789Z"));

    private static ActorSystemSetup SerializingSetup =>
        BootstrapSetup.Create()
            .WithConfig(ConfigurationFactory.ParseString(InMemoryJournal.Config + "\nakka.actor.serialize-messages = on"))
            .And(BoardSerialization.Setup);

    public static TheoryData<string> Protocol => new(WireSerializer.Manifests.Values);

    [Theory]
    [MemberData(nameof(Protocol))]
    public void Each_protocol_message_is_written_by_the_protocol_serializer_and_reads_back_the_same(string manifest)
    {
        var message = Samples()[manifest];

        var serializer = Sys.Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        var restored = Sys.Serialization.Deserialize(bytes, serializer.Identifier, Serialization.ManifestFor(serializer, message));

        Assert.IsType<WireSerializer>(serializer);
        Assert.Equal(message.GetType(), restored.GetType());
        Assert.Equal(bytes, serializer.ToBinary(restored));
    }

    /// <summary>
    /// The bytes each kind of message is written as, fixed here: a node of the next release must read
    /// what this one writes (a rolling upgrade runs both), so a change to these bytes is a new manifest.
    /// </summary>
    public static TheoryData<string, string> WireForms => new()
    {
        // board "default" (length-prefixed UTF-8), after: present 7, before: absent, limit 50
        { "get-messages.v1", "0764656661756c7401070000000000000000000000000000000032000000" },
        // version 7, first id 1, one message: id 7, posted-at UTC ticks, length-prefixed UTF-8 "Hi 🎉";
        // then 2 moderation changes, closed, history below id 5, one id hidden in the history: 3
        { "page.v3", "070000000000000001000000000000000100000007000000000000000060d74c5949df0807486920f09f8e89020000000000000001050000000000000001000000" + "0300000000000000" },
        { "appended.v1", "07000000000000000060d74c5949df0807486920f09f8e89" },
        { "rejected.v1", "0462757379" },
        { "subscribed.v1", "0700000000000000" },
        { "board-full.v1", "40420f0000000000" }, // limit 1,000,000
        { "committed.v1", "0100000007000000000000000060d74c5949df0807486920f09f8e89" },
    };

    [Theory]
    [MemberData(nameof(WireForms))]
    public void Each_kind_of_message_keeps_the_wire_form_that_other_nodes_read(string manifest, string hex)
    {
        var message = Fixed()[manifest];
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(message);

        var written = Convert.ToHexStringLower(serializer.ToBinary(message));
        var read = serializer.FromBinary(Convert.FromHexString(hex), manifest);

        Assert.Equal(hex, written);
        Assert.IsType(message.GetType(), read);
        Assert.Equal(hex, Convert.ToHexStringLower(serializer.ToBinary(read)));
    }

    [Fact]
    public void A_page_from_a_node_of_an_earlier_release_still_reads()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(GetMessages.Newest(BoardName.Default, 1));

        var v1 = (MessagesPage)serializer.FromBinary(Convert.FromHexString("070000000000000001000000000000000100000007000000000000000060d74c5949df0807486920f09f8e89"), "page.v1");
        var v2 = (MessagesPage)serializer.FromBinary(Convert.FromHexString("070000000000000001000000000000000100000007000000000000000060d74c5949df0807486920f09f8e89020000000000000001"), "page.v2");

        Assert.Equal("Hi 🎉", Assert.Single(v1.Messages).Text);
        Assert.Equal((0L, false, 0L), (v1.Edits, v1.Closed, v1.HistoryBelow));
        Assert.Equal((2L, true, 0L), (v2.Edits, v2.Closed, v2.HistoryBelow));
    }

    [Fact]
    public async Task The_store_and_a_live_reader_work_with_every_message_put_through_its_wire_format()
    {
        var store = Sys.ActorOf(MessageStore.Props(BoardName.Default, new MessageStoreSettings(SnapshotEvery: 1000, MaxPendingAppends: 100), TimeProvider.System));
        var buffer = new LiveBuffer(capacity: 10);
        var subscribed = new TaskCompletionSource<long>();
        Sys.ActorOf(LiveReader.Props(store, BoardName.Default, buffer, subscribed));
        await subscribed.Task.WaitAsync(TimeSpan.FromSeconds(3));

        store.Tell(new AppendMessage(BoardName.Default, "across the wire"));
        var appended = await ExpectMsgAsync<MessageAppended>();
        store.Tell(GetMessages.Newest(BoardName.Default, 10));
        var page = await ExpectMsgAsync<MessagesPage>();
        store.Tell(new GetMessage(BoardName.Default, appended.Message.Id));
        var lookup = await ExpectMsgAsync<MessageLookup>();

        Assert.Equal("across the wire", Assert.Single(page.Messages).Text);
        Assert.Equal("across the wire", lookup.Message?.Text);
        Assert.Equal("across the wire", (await buffer.Reader.ReadAsync()).Text);
    }

    /// <summary>One message of each kind, with nothing random in it.</summary>
    private static Dictionary<string, object> Fixed()
    {
        var message = new BoardMessage(7, "Hi 🎉", DateTimeOffset.Parse("2026-11-23T12:00:00Z"));
        object[] samples =
        [
            new GetMessages(BoardName.Default, After: 7, Before: null, Limit: 50),
            new MessagesPage(Version: 7, FirstId: 1, [message]) { Edits = 2, Closed = true, HistoryBelow = 5, HiddenInHistory = [3] },
            new MessageAppended(message),
            new AppendRejected("busy"),
            new Subscribed(7),
            new BoardFull(1_000_000),
            new MessagesCommitted([message]),
        ];
        return samples.ToDictionary(sample => WireSerializer.Manifests[sample.GetType()]);
    }

    private Dictionary<string, object> Samples()
    {
        var probe = CreateTestProbe().Ref;
        var traced = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        object[] samples =
        [
            new AppendMessage(BoardName.Default, Sample.Text) { Trace = traced, Key = PostKey.From("api\nretry-me") },
            new MessageAppended(Sample),
            new AppendRejected("The board is busy."),
            new KeyAlreadyUsed(42),
            new BoardFull(1_000_000),
            new GetMessages(BoardName.Default, After: 7, Before: null, Limit: 50),
            new MessagesPage(Version: 43, FirstId: 1, [Sample, Sample with { Id = 43, Text = "" }]) { HistoryBelow = 42, HiddenInHistory = [7, 9] },
            new GetMessage(BoardName.Default, 42),
            new MessageLookup(null) { InHistory = true, Hidden = true },
            new SubscribeToBoard(BoardName.Default, probe),
            new Subscribed(43),
            new UnsubscribeFromBoard(BoardName.Default, probe),
            new MessagesCommitted([Sample]),
            LiveFeedEnded.Instance,
            BoardClosedToPosts.Instance,
            new MessageWithdrawn(42),
            new RemoveMessage(BoardName.Default, 42, "spam, said the operator") { Erase = true },
            new CloseBoard(BoardName.Default, "a raid"),
            new ReopenBoard(BoardName.Default, "over"),
            new ModerationDone(Changed: true),
            new NoSuchMessage(42),
            new ModerationFailed("The journal could not delete it."),
        ];
        return samples.ToDictionary(sample => WireSerializer.Manifests[sample.GetType()]);
    }
}
