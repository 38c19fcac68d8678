namespace ActorBoard.Actors;

/// <summary>Where the store keeps its journal and snapshots.</summary>
public enum BoardStorage
{
    /// <summary>A SQLite file through Akka.Persistence.Sql: survives restarts and crashes.</summary>
    Sqlite,

    /// <summary>Akka's in-memory journal: gone when the process ends. For tests and throw-away runs.</summary>
    Memory,
}
