using Akka.Hosting;
using Akka.Persistence.Hosting;

namespace ActorBoard.Actors;

/// <summary>Where the boards' events and snapshots are kept, and the journal's warm-up at start.</summary>
public static class JournalHosting
{
    /// <summary>
    /// The journal and snapshot store on <paramref name="storage"/>; a durable one is warmed up at
    /// start (<see cref="JournalWarmup"/>). The database must have been through
    /// <see cref="SqliteBoardFile.Prepare"/> or <see cref="PostgresBoardDatabase.Prepare"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithBoardJournal(this AkkaConfigurationBuilder builder, BoardStorage storage, string connectionString)
    {
        switch (storage)
        {
            case BoardStorage.Sqlite:
                builder.AddHocon(JournalConfig.ForSqlite(connectionString), HoconAddMode.Prepend);
                break;
            case BoardStorage.Postgres:
                builder.AddHocon(JournalConfig.ForPostgres(connectionString), HoconAddMode.Prepend);
                break;
            default:
                return builder.WithInMemoryJournal().WithInMemorySnapshotStore();
        }

        return builder.AddStartup((system, _) => system.ActorOf(JournalWarmup.Props(), "journal-warmup"));
    }
}
