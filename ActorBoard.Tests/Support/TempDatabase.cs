using ActorBoard.Actors.Serialization;
using ActorBoard.Actors.Storage;
using ActorBoard.Fixtures;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;

namespace ActorBoard.Tests.Support;

/// <summary>A real SQLite file in a folder of its own, deleted with the folder when the test ends.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = Directory.CreateTempSubdirectory("actorboard-test-").FullName;
        Path = System.IO.Path.Combine(Folder, "board.db");
    }

    public string Folder { get; }

    public string Path { get; }

    public string ConnectionString => $"Data Source={Path}";

    /// <summary>The server on this file, with the per-client post limit off; <paramref name="settings"/> are further command-line settings.</summary>
    public ServerLaunch ServerLaunch(params string[] settings) =>
        Fixtures.ServerLaunch.Board(["--Board:Storage", "Sqlite", "--ConnectionStrings:Board", ConnectionString, "--Board:PostsPerMinutePerClient", "0", "--Board:NewBoardsPerHourPerClient", "0", .. settings]);

    /// <summary>The journal configuration the server would use for this file, with the file prepared.</summary>
    public Akka.Configuration.Config PreparedJournalConfig()
    {
        var storage = new SqliteStorage(ConnectionString);
        storage.Prepare();
        return storage.JournalConfiguration();
    }

    /// <summary>
    /// An actor system set up as the server sets one up on this file: the journal configured and the
    /// file prepared, the board's serializers, and TestKit patience for the first journal write.
    /// </summary>
    public ActorSystemSetup SystemSetup() =>
        BootstrapSetup.Create()
            .WithConfig(PreparedJournalConfig().WithFallback(ConfigurationFactory.ParseString("""
                akka.loglevel = INFO
                # The first write creates the tables and compiles the journal's queries, which takes
                # seconds on a busy machine; later ones take milliseconds.
                akka.test.single-expect-default = 15s
                """)))
            .And(BoardSerialization.Setup);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a process under test is left for the OS to clean up.
        }
    }
}
