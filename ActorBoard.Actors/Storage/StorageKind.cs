namespace ActorBoard.Actors;

/// <summary>Where the store keeps its journal and snapshots.</summary>
public enum BoardStorage
{
    /// <summary>A SQLite file through Akka.Persistence.Sql: survives restarts and crashes.</summary>
    Sqlite,

    /// <summary>
    /// A PostgreSQL database through Akka.Persistence.Sql, the board's tables in a schema of their
    /// own: the journal every node of a cluster shares.
    /// </summary>
    Postgres,

    /// <summary>Akka's in-memory journal: gone when the process ends. For tests and throw-away runs.</summary>
    Memory,
}
