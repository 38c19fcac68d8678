using Akka.Hosting;

namespace ActorBoard.Actors.Storage;

/// <summary>Where the boards' events and snapshots are kept, and the journal's warm-up at start.</summary>
public static class JournalHosting
{
    /// <summary>
    /// The journal and snapshot store on <paramref name="storage"/>, warmed up at start
    /// (<see cref="JournalWarmup"/>). The database must have been through <see cref="BoardStorage.Prepare"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithBoardJournal(this AkkaConfigurationBuilder builder, BoardStorage storage) =>
        storage.WithJournal(builder).AddStartup((system, _) => system.ActorOf(JournalWarmup.Props(), "journal-warmup"));
}
