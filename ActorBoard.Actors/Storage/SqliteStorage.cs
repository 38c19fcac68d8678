using Microsoft.Data.Sqlite;

namespace ActorBoard.Actors;

/// <summary>
/// Gets the board's SQLite file ready before the journal opens it: creates its folder, switches
/// on write-ahead logging (readers never wait for the writer, and a commit is one append to the
/// log), and refuses a file that is not a SQLite database or belongs to something else, rather
/// than writing into it.
/// </summary>
public static class SqliteBoardFile
{
    /// <summary>One row the readiness check rewrites: a real commit, sized like a post's, that fails whenever a post's would.</summary>
    private const string ProbeTable = "board_probe";

    private static readonly string[] BoardTables = ["journal", "snapshot", "tags", ProbeTable];

    /// <summary>
    /// The connection string with a relative file name made absolute against <paramref name="baseFolder"/>
    /// (the server's content root), so the file is the same whatever folder the process starts in.
    /// </summary>
    public static string Resolve(string connectionString, string baseFolder)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:" || Path.IsPathRooted(builder.DataSource))
        {
            return connectionString;
        }

        builder.DataSource = Path.GetFullPath(builder.DataSource, baseFolder);
        return builder.ToString();
    }

    /// <summary>
    /// The list of boards lives in a file of its own beside the journal (<c>board.db</c> →
    /// <c>board.directory.db</c>): SQLite has one writer per file, and the journal's commits must
    /// never wait for the list's.
    /// </summary>
    public static string DirectoryConnectionString(string journalConnectionString)
    {
        var builder = new SqliteConnectionStringBuilder(journalConnectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
        {
            return journalConnectionString;
        }

        builder.DataSource = Path.ChangeExtension(builder.DataSource, ".directory" + Path.GetExtension(builder.DataSource));
        return builder.ToString();
    }

    /// <summary>The absolute path of the file a connection string names, for logs and messages.</summary>
    public static string PathOf(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString).DataSource;

    public static void Prepare(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var path = builder.DataSource;
        if (builder.Mode != SqliteOpenMode.Memory && path is not ("" or ":memory:"))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            RefuseForeignTables(connection, path);
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteScalar();
            using var probe = connection.CreateCommand();
            probe.CommandText = $"""
                CREATE TABLE IF NOT EXISTS {ProbeTable} (id INTEGER PRIMARY KEY CHECK (id = 1), probed_at TEXT NOT NULL);
                """;
            probe.ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            throw new BoardStartupException(
                $"Cannot use '{path}' as the board's database: {e.Message} " +
                "Move the file away, or point ConnectionStrings:Board at another file.", e);
        }

        PrepareDirectory(DirectoryConnectionString(connectionString));
    }

    private static void PrepareDirectory(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = $"""
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS {BoardDirectory.Table} (name TEXT PRIMARY KEY, messages INTEGER NOT NULL, last_post_at INTEGER NOT NULL);
            """;
        create.ExecuteNonQuery();
    }

    /// <summary>
    /// Commits one small write to the board's file, as a journal write would: it fails when the
    /// file is locked by another writer (after <paramref name="busyTimeoutSeconds"/>), read-only,
    /// or its filesystem has no room for the write-ahead log to grow. Blocks the calling thread.
    /// </summary>
    public static void ProbeCommit(string connectionString, int busyTimeoutSeconds)
    {
        var probeConnection = new SqliteConnectionStringBuilder(connectionString)
        {
            Mode = SqliteOpenMode.ReadWrite,
            DefaultTimeout = busyTimeoutSeconds,
            Pooling = false,
        }.ToString();
        using var connection = new SqliteConnection(probeConnection);
        connection.Open();
        using var probe = connection.CreateCommand();
        probe.CommandText = $"INSERT OR REPLACE INTO {ProbeTable} (id, probed_at) VALUES (1, $now);";
        probe.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O"));
        probe.ExecuteNonQuery();
    }

    private static void RefuseForeignTables(SqliteConnection connection, string path)
    {
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';";
        var foreign = new List<string>();
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            var table = reader.GetString(0);
            if (!BoardTables.Contains(table, StringComparer.OrdinalIgnoreCase))
            {
                foreign.Add(table);
            }
        }

        if (foreign.Count > 0)
        {
            throw new BoardStartupException(
                $"'{path}' holds tables that are not the board's ({string.Join(", ", foreign)}); it will not be written to. " +
                "Point ConnectionStrings:Board at the board's own file.");
        }
    }
}
