using Akka.Actor;
using Akka.Hosting;
using Akka.Pattern;
using Akka.Persistence.Hosting;

namespace ActorBoard.Actors;

/// <summary>How the store is stored and supervised; filled from the server's options.</summary>
/// <param name="Storage">Journal kind.</param>
/// <param name="ConnectionString">The SQLite or Npgsql connection string (ignored for <see cref="BoardStorage.Memory"/>).</param>
/// <param name="Store">The actor's own settings.</param>
/// <param name="MinRestartBackoff">First wait before the store is started again after it stopped (e.g. storage failed).</param>
/// <param name="MaxRestartBackoff">Longest such wait.</param>
public sealed record MessageStoreHostingSettings(
    BoardStorage Storage,
    string ConnectionString,
    MessageStoreSettings Store,
    TimeSpan MinRestartBackoff,
    TimeSpan MaxRestartBackoff);

/// <summary>
/// The production wiring of the message store, used by the server and by the tests alike.
/// The database must have been through <see cref="SqliteBoardFile.Prepare"/> or <see cref="PostgresBoardDatabase.Prepare"/>.
/// </summary>
public static class MessageStoreHosting
{
    /// <summary>The store's name under its supervisor: <c>/user/message-store/store</c>.</summary>
    public const string StoreChildName = "store";

    public static AkkaConfigurationBuilder WithMessageStore(
        this AkkaConfigurationBuilder builder,
        MessageStoreHostingSettings settings,
        TimeProvider clock)
    {
        builder.AddSetup(BoardSerialization.Setup);

        switch (settings.Storage)
        {
            case BoardStorage.Sqlite:
                builder.AddHocon(JournalConfig.ForSqlite(settings.ConnectionString), HoconAddMode.Prepend);
                break;
            case BoardStorage.Postgres:
                builder.AddHocon(JournalConfig.ForPostgres(settings.ConnectionString), HoconAddMode.Prepend);
                break;
            default:
                builder.WithInMemoryJournal().WithInMemorySnapshotStore();
                break;
        }

        return builder.WithActors((system, registry) =>
            registry.Register<MessageStore>(system.ActorOf(SupervisedProps(settings, clock), "message-store")));
    }

    /// <summary>
    /// The store under a backoff supervisor. Akka.Persistence stops a persistent actor whose
    /// journal write fails; the supervisor starts it again after a growing pause, and the new
    /// incarnation recovers from the journal. An exception inside a handler restarts it at once,
    /// with the same recovery. Messages that arrive while no store is running go to dead letters,
    /// so their askers time out rather than wait.
    /// </summary>
    public static Props SupervisedProps(MessageStoreHostingSettings settings, TimeProvider clock) =>
        BackoffSupervisor.Props(Backoff.OnStop(
            MessageStore.Props(settings.Store, clock),
            childName: StoreChildName,
            minBackoff: settings.MinRestartBackoff,
            maxBackoff: settings.MaxRestartBackoff,
            randomFactor: 0.2,
            maxNrOfRetries: -1));
}
