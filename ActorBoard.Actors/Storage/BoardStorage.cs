using System.Data.Common;
using Akka.Hosting;

namespace ActorBoard.Actors.Storage;

/// <summary>What a probe of the journal found: whether it takes a commit right now, and in words.</summary>
public sealed record StorageProbe(bool TakesCommits, string Description);

/// <summary>
/// Where a node keeps its boards, and everything that differs with it: the connection string and
/// what makes one usable, preparing the database before the journal opens it (and refusing one
/// that belongs to something else), the journal and snapshot store, the list of boards, and the
/// readiness probe. The rest of the board asks the storage in use; only <see cref="For"/> asks
/// which kind it is.
/// </summary>
public abstract class BoardStorage
{
    private readonly Lazy<BoardDirectory> _directory;

    protected BoardStorage() => _directory = new Lazy<BoardDirectory>(CreateDirectory);

    /// <summary>
    /// The storage of <paramref name="kind"/> at <paramref name="connectionString"/>; a relative
    /// SQLite file is taken from <paramref name="baseFolder"/> (the server's content root), so it
    /// is the same file whatever folder the process starts in.
    /// </summary>
    public static BoardStorage For(StorageKind kind, string connectionString, string? baseFolder = null) => kind switch
    {
        StorageKind.Sqlite => new SqliteStorage(connectionString, baseFolder),
        StorageKind.Postgres => new PostgresStorage(connectionString),
        _ => new MemoryStorage(),
    };

    /// <summary>Whether the nodes of a cluster can share it: several nodes need one journal.</summary>
    public abstract bool SharedByNodes { get; }

    /// <summary>Null when the connection string can be used; otherwise what it must be, after "ConnectionStrings:Board ".</summary>
    public abstract string? ConnectionProblem { get; }

    /// <summary>Where the boards are kept, in words for logs (never a password).</summary>
    public abstract string Description { get; }

    /// <summary>The list of boards kept beside the journal; one per storage, shared by the node's writer and readers.</summary>
    public BoardDirectory Directory => _directory.Value;

    /// <summary>
    /// Every board's messages beside the journal (<see cref="BoardHistory"/>), or null where the
    /// journal itself is in memory: there a board keeps its whole history in memory too.
    /// </summary>
    public virtual BoardHistory? History => null;

    /// <summary>Bytes free on the disk that holds the boards, when this storage can tell (a SQLite file); null otherwise.</summary>
    public virtual long? FreeBytes() => null;

    /// <summary>
    /// Gets the database ready before the journal opens it: creates what the board needs, and
    /// throws <see cref="BoardStartupException"/> for one it must not write into.
    /// </summary>
    public abstract void Prepare();

    /// <summary>The journal and snapshot store on this storage.</summary>
    public abstract AkkaConfigurationBuilder WithJournal(AkkaConfigurationBuilder builder);

    /// <summary>
    /// Commits one small write, as a journal write would, waiting at most <paramref name="patience"/>:
    /// whether the journal takes commits now.
    /// </summary>
    public abstract Task<StorageProbe> ProbeAsync(TimeSpan patience);

    protected abstract BoardDirectory CreateDirectory();

    /// <summary>
    /// Refuses a database whose board tables sit beside tables that are not the board's (the tables
    /// <paramref name="listTables"/> names): it belongs to something else, and is not written into.
    /// </summary>
    protected static void RefuseForeignTables(DbConnection connection, string listTables, IReadOnlyCollection<string> ours, StringComparer names, string holder, string advice)
    {
        using var query = connection.CreateCommand();
        query.CommandText = listTables;
        var foreign = new List<string>();
        using (var reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                var table = reader.GetString(0);
                if (!ours.Contains(table, names))
                {
                    foreign.Add(table);
                }
            }
        }

        if (foreign.Count > 0)
        {
            throw new BoardStartupException(
                $"{holder} holds tables that are not the board's ({string.Join(", ", foreign)}); it will not be written to. {advice}");
        }
    }

    /// <summary>Runs <paramref name="sql"/> on <paramref name="connection"/> (in its transaction, if one is open).</summary>
    protected static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
