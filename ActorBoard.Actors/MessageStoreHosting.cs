using Akka.Actor;
using Akka.Hosting;
using Akka.Pattern;
using Akka.Persistence.Hosting;

namespace ActorBoard.Actors;

/// <summary>How the store is stored and supervised; filled from the server's options.</summary>
/// <param name="Storage">Journal kind.</param>
/// <param name="ConnectionString">The SQLite connection string (ignored for <see cref="BoardStorage.Memory"/>).</param>
/// <param name="Store">The actor's own settings.</param>
/// <param name="MinRestartBackoff">First wait before the store is started again after it stopped (e.g. storage failed).</param>
/// <param name="MaxRestartBackoff">Longest such wait.</param>
public sealed record MessageStoreHostingSettings(
    BoardStorage Storage,
    string ConnectionString,
    MessageStoreSettings Store,
    TimeSpan MinRestartBackoff,
    TimeSpan MaxRestartBackoff);

/// <summary>The production wiring of the message store, used by the server and by the tests alike.</summary>
public static class MessageStoreHosting
{
    public static AkkaConfigurationBuilder WithMessageStore(
        this AkkaConfigurationBuilder builder,
        MessageStoreHostingSettings settings,
        TimeProvider clock)
    {
        builder.AddSetup(BoardSerialization.Setup);

        if (settings.Storage == BoardStorage.Sqlite)
        {
            SqliteBoardFile.Prepare(settings.ConnectionString);
            builder.AddHocon(JournalConfig.ForSqlite(settings.ConnectionString), HoconAddMode.Prepend);
        }
        else
        {
            builder.WithInMemoryJournal().WithInMemorySnapshotStore();
        }

        return builder.WithActors((system, registry) =>
        {
            // Akka.Persistence stops a persistent actor whose journal write fails; the supervisor
            // starts it again after a growing pause, and the new incarnation recovers from the
            // journal. An exception inside a handler restarts it at once, with the same recovery.
            var supervised = BackoffSupervisor.Props(Backoff.OnStop(
                MessageStore.Props(settings.Store, clock),
                childName: "store",
                minBackoff: settings.MinRestartBackoff,
                maxBackoff: settings.MaxRestartBackoff,
                randomFactor: 0.2,
                maxNrOfRetries: -1));
            registry.Register<MessageStore>(system.ActorOf(supervised, "message-store"));
        });
    }
}
