using System.Collections.Immutable;
using Akka.Serialization;

namespace ActorBoard.Actors;

/// <summary>
/// Binds what the store persists to <see cref="BoardSerializer"/>. Used by the hosted actor
/// system and by actor specs alike, so both read and write the same journal format.
/// </summary>
public static class BoardSerialization
{
    public static SerializationSetup Setup { get; } = SerializationSetup.Create(system =>
        ImmutableHashSet.Create(SerializerDetails.Create(
            "board",
            new BoardSerializer(system),
            ImmutableHashSet.Create(typeof(MessagesPosted), typeof(BoardState)))));
}
