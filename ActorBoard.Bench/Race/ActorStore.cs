using ActorBoard.Actors.Board;
using ActorBoard.Actors.Serialization;
using ActorBoard.Actors.Storage;
using Akka.Actor;
using Akka.Configuration;

namespace ActorBoard.Bench.Race;

/// <summary>
/// The real <see cref="MessageStore"/> actor: one owner of the messages, reached only by
/// messages. An append completes when the store acknowledges it (after the journal commit).
/// </summary>
public sealed class ActorStore : IBoardStore
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private readonly ActorSystem _system;
    private readonly IActorRef _store;
    private readonly string? _databaseFolder;

    private ActorStore(string name, ActorSystem system, string? databaseFolder)
    {
        Name = name;
        _system = system;
        _databaseFolder = databaseFolder;
        _store = system.ActorOf(MessageStore.Props(BoardName.Default, new MessageStoreSettings(SnapshotEvery: 10_000, MaxPendingAppends: 1_000_000), TimeProvider.System), "store");
    }

    public string Name { get; }

    public string Guard => "the actor's mailbox";

    public static ActorStore InMemory() =>
        new("MessageStore (memory journal)", Create(ConfigurationFactory.ParseString("""
            akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            """)), null);

    public static ActorStore OnSqlite()
    {
        var folder = Directory.CreateTempSubdirectory("actorboard-race-").FullName;
        var connectionString = $"Data Source={Path.Combine(folder, "race.db")}";
        var storage = new SqliteStorage(connectionString);
        storage.Prepare();
        return new ActorStore("MessageStore (SQLite journal)", Create(storage.JournalConfiguration()), folder);
    }

    public async ValueTask AppendAsync(string text)
    {
        if (await _store.Ask<AppendReply>(new AppendMessage(BoardName.Default, text), AskTimeout) is AppendRejected rejected)
        {
            throw new InvalidOperationException(rejected.Reason);
        }
    }

    public async ValueTask<IReadOnlyList<string?>> SnapshotAsync()
    {
        var board = await new GetMessages(BoardName.Default, After: 0, Before: null, Limit: int.MaxValue)
            .AskWholeAsync(part => _store.Ask<MessagesPage>(part, AskTimeout));
        return board.Messages.Select(m => m.Text).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _system.Terminate();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_databaseFolder is not null)
        {
            Directory.Delete(_databaseFolder, recursive: true);
        }
    }

    private static ActorSystem Create(Config config) =>
        ActorSystem.Create("race", BootstrapSetup.Create()
            .WithConfig(config.WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING")))
            .And(BoardSerialization.Setup));
}
