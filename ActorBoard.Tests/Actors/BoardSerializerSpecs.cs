using System.Collections.Immutable;
using ActorBoard.Actors;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Serialization;

namespace ActorBoard.Tests.Actors;

/// <summary>The journal format: what is written is read back unchanged, through Akka's own serialization.</summary>
public sealed class BoardSerializerSpecs() : Akka.TestKit.Xunit2.TestKit(BootstrapSetup.Create().And(BoardSerialization.Setup))
{
    private static readonly BoardMessage Sample = new(42, "Line one\nline two: <b>&amp;</b> \"quoted\" don't 日本語 🎉", DateTimeOffset.Parse("2026-11-23T12:34:56.789Z"));

    [Fact]
    public void A_posted_event_round_trips_through_the_board_serializer()
    {
        var serialization = Sys.Serialization;
        var posted = new MessagesPosted([Sample, Sample with { Id = 43, Text = "" }]);

        var serializer = Assert.IsType<BoardSerializer>(serialization.FindSerializerFor(posted));
        var bytes = serializer.ToBinary(posted);
        var manifest = Serialization.ManifestFor(serializer, posted);

        var restored = Assert.IsType<MessagesPosted>(serialization.Deserialize(bytes, serializer.Identifier, manifest));
        Assert.Equal(posted.Messages.ToArray(), restored.Messages.ToArray());
    }

    [Fact]
    public void A_board_state_snapshot_round_trips_with_its_order_intact()
    {
        var messages = MessageLog.From(Enumerable.Range(1, 5000).Select(i => Sample with { Id = i, Text = $"message {i}" }));
        var serializer = Sys.Serialization.FindSerializerFor(new BoardState(messages));

        var restored = (BoardState)Sys.Serialization.Deserialize(
            serializer.ToBinary(new BoardState(messages)), serializer.Identifier, Serialization.ManifestFor(serializer, new BoardState(messages)));

        Assert.Equal(messages, restored.Messages);
    }
}
