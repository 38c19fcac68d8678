namespace ActorBoard.Actors.Storage;

/// <summary>The kinds of place a node keeps its boards in, as <c>Board:Storage</c> names them; <see cref="BoardStorage.For"/> makes the one in use.</summary>
public enum StorageKind
{
    /// <summary>A SQLite file through Akka.Persistence.Sql: survives restarts and crashes (<see cref="SqliteStorage"/>).</summary>
    Sqlite,

    /// <summary>
    /// A PostgreSQL database through Akka.Persistence.Sql, the board's tables in a schema of their
    /// own: the journal every node of a cluster shares (<see cref="PostgresStorage"/>).
    /// </summary>
    Postgres,

    /// <summary>Akka's in-memory journal: gone when the process ends. For tests and throw-away runs (<see cref="MemoryStorage"/>).</summary>
    Memory,
}
