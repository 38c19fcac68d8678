using ActorBoard.Actors;
using ActorBoard.Actors.Board;
using ActorBoard.Actors.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace ActorBoard.Tests.Actors;

/// <summary>The journal format: what is written is read back unchanged, through Akka's own serialization.</summary>
public sealed class JournalSerializerSpecs() : Akka.TestKit.Xunit2.TestKit(BootstrapSetup.Create().And(BoardSerialization.Setup))
{
    private static readonly BoardMessage Sample = new(42, "Line one\nline two: <b>&amp;</b> \"quoted\" don't 日本語 🎉", DateTimeOffset.Parse("2026-11-23T12:34:56.789Z"));

    [Fact]
    public void A_posted_event_round_trips_through_the_board_serializer()
    {
        var serialization = Sys.Serialization;
        var posted = new MessagesPosted([Sample, Sample with { Id = 43, Text = "" }]) { Keys = [PostKey.From("api\nk"), PostKey.None] };

        var serializer = Assert.IsType<JournalSerializer>(serialization.FindSerializerFor(posted));
        var bytes = serializer.ToBinary(posted);
        var manifest = Serialization.ManifestFor(serializer, posted);

        var restored = Assert.IsType<MessagesPosted>(serialization.Deserialize(bytes, serializer.Identifier, manifest));
        Assert.Equal(posted.Messages.ToArray(), restored.Messages.ToArray());
        Assert.Equal(posted.Keys.ToArray(), restored.Keys.ToArray());
    }

    [Fact]
    public void An_event_written_before_posts_had_keys_still_loads_with_no_keys()
    {
        // posted.v1: the message count, then per message its id, UTC ticks and length-prefixed UTF-8 text.
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes))
        {
            writer.Write(1);
            writer.Write(7L);
            writer.Write(Sample.PostedAt.UtcTicks);
            writer.Write("from an older version");
        }

        var restored = Assert.IsType<MessagesPosted>(Sys.Serialization.Deserialize(bytes.ToArray(), JournalSerializer.SerializerId, "posted.v1"));

        Assert.Equal(Sample with { Id = 7, Text = "from an older version" }, Assert.Single(restored.Messages));
        Assert.True(restored.KeyAt(0).IsNone);
    }

    [Fact]
    public void A_board_state_snapshot_round_trips_with_its_order_intact()
    {
        var messages = MessageLog.From(Enumerable.Range(1, 5000).Select(i => Sample with { Id = i, Text = $"message {i}" }));
        var state = new BoardState(messages) { Keys = [(PostKey.From("api\nfirst"), 4999L), (PostKey.From("form\nsecond"), 5000L)] };
        var serializer = Sys.Serialization.FindSerializerFor(state);

        var restored = (BoardState)Sys.Serialization.Deserialize(serializer.ToBinary(state), serializer.Identifier, Serialization.ManifestFor(serializer, state));

        Assert.Equal(messages, restored.Messages);
        Assert.Equal(state.Keys, restored.Keys);
    }

    [Fact]
    public void A_snapshot_of_the_newest_messages_keeps_the_removals_its_history_did_not_show_yet()
    {
        var window = MessageLog.From(Enumerable.Range(1, 5000).Select(i => Sample with { Id = i, Text = $"message {i}" })).DropFirst(4990);
        var state = new BoardState(window) { Closed = true, Edits = 2, HiddenInHistory = [(17L, 5001L), (42L, 5002L)] };
        var serializer = Sys.Serialization.FindSerializerFor(state);

        var restored = (BoardState)Sys.Serialization.Deserialize(serializer.ToBinary(state), serializer.Identifier, Serialization.ManifestFor(serializer, state));

        Assert.Equal(Enumerable.Range(4991, 10).Select(i => (long)i), restored.Messages.Select(m => m.Id));
        Assert.Equal(state.HiddenInHistory, restored.HiddenInHistory);
        Assert.Equal((true, 2L), (restored.Closed, restored.Edits));
    }
}
