using System.Collections.Immutable;
using ActorBoard.Actors.Board;
using Akka.Serialization;

namespace ActorBoard.Actors.Serialization;

/// <summary>
/// The one place serialization is bound: what the store persists to <see cref="JournalSerializer"/>
/// (the journal format), and everything said between endpoints, readers and the store to
/// <see cref="WireSerializer"/> (the wire format). Used by the hosted actor system and
/// by actor specs alike.
/// </summary>
public static class BoardSerialization
{
    public static SerializationSetup Setup { get; } = SerializationSetup.Create(system =>
        ImmutableHashSet.Create(
            SerializerDetails.Create(
                "board",
                new JournalSerializer(system),
                JournalSerializer.Types.ToImmutableHashSet()),
            SerializerDetails.Create(
                "board-protocol",
                new WireSerializer(system),
                WireSerializer.Manifests.Keys.ToImmutableHashSet())));
}
