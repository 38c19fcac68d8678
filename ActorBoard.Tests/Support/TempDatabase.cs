using ActorBoard.Actors;

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

    /// <summary>The journal configuration the server would use for this file, with the file prepared.</summary>
    public Akka.Configuration.Config PreparedJournalConfig()
    {
        SqliteBoardFile.Prepare(ConnectionString);
        return JournalConfig.ForSqlite(ConnectionString);
    }

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
