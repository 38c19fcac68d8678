using Akka.Hosting;
using Microsoft.Data.Sqlite;

namespace ActorBoard.Actors.Storage;

/// <summary>
/// The boards in a SQLite file: the journal, snapshots and a probe row in the file named by the
/// connection string, the list of boards in a file beside it. Before the journal opens the file
/// it creates its folder, switches on write-ahead logging (readers never wait for the writer, and
/// a commit is one append to the log), and refuses a file that is not a SQLite database or
/// belongs to something else, rather than writing into it.
/// </summary>
public sealed class SqliteStorage : BoardStorage
{
    /// <summary>
    /// Dispatcher with its own thread, since Microsoft.Data.Sqlite's "async" calls block. One thread:
    /// SQLite takes one writer at a time, and a second thread only let a snapshot write collide with
    /// a journal write, where the loser sleeps 150 ms in Microsoft.Data.Sqlite's busy retry (posts at
    /// 32 connections: 15.1k/s with two threads, 18.0k/s with one).
    /// </summary>
    public const string Dispatcher = "board-sqlite-dispatcher";

    /// <summary>
    /// Free space below which the journal is reported unable to commit. A full disk still grants
    /// locks, and may even take a one-row commit into space the write-ahead log already holds,
    /// while the next post needs the log to grow by whole pages (up to its 4 MiB checkpoint);
    /// 1 MiB holds the largest allowed post several times over.
    /// </summary>
    public const long MinimumFreeBytes = 1024 * 1024;

    /// <summary>One row the readiness probe rewrites: a real commit, sized like a post's, that fails whenever a post's would.</summary>
    private const string ProbeTable = "board_probe";

    private static readonly string[] Tables =
        ["journal", "snapshot", "tags", ProbeTable, BoardDirectory.Table, BoardHistory.MessagesTable, BoardHistory.ProgressTable, BoardHistory.OffsetTable];

    /// <summary>Why the connection string cannot be read, when it cannot.</summary>
    private readonly string? _malformed;

    private BoardHistory? _history;

    public SqliteStorage(string connectionString, string? baseFolder = null)
    {
        try
        {
            ConnectionString = baseFolder is null ? connectionString : Resolve(connectionString, baseFolder);
            var builder = new SqliteConnectionStringBuilder(ConnectionString);
            InMemory = builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:";
            FilePath = builder.DataSource;
        }
        catch (ArgumentException e)
        {
            // Not a connection string at all (a bare path, say): said at start by ConnectionProblem.
            ConnectionString = connectionString;
            FilePath = string.Empty;
            _malformed = e.Message;
        }
    }

    /// <summary>The connection string, a relative file made absolute.</summary>
    public string ConnectionString { get; }

    /// <summary>The file the journal is kept in.</summary>
    public string FilePath { get; }

    public override bool SharedByNodes => false;

    public override string? ConnectionProblem =>
        _malformed is not null ? $"must be a SQLite connection string such as 'Data Source=board.db' ({_malformed})"
        : string.IsNullOrWhiteSpace(ConnectionString) ? "must name the database file"
        : null;

    public override string Description => $"the SQLite file {FilePath}";

    /// <summary>
    /// The list of boards lives in a file of its own beside the journal (<c>board.db</c> →
    /// <c>board.directory.db</c>): SQLite has one writer per file, and the journal's commits must
    /// never wait for the list's.
    /// </summary>
    public string DirectoryConnectionString => InMemory
        ? ConnectionString
        : new SqliteConnectionStringBuilder(ConnectionString)
        {
            DataSource = Path.ChangeExtension(FilePath, ".directory" + Path.GetExtension(FilePath)),
        }.ToString();

    /// <summary>
    /// The history lives in a file of its own beside the journal (<c>board.db</c> →
    /// <c>board.history.db</c>), for the same reason as the list of boards: one writer per file.
    /// </summary>
    public string HistoryConnectionString => InMemory
        ? ConnectionString
        : new SqliteConnectionStringBuilder(ConnectionString)
        {
            DataSource = Path.ChangeExtension(FilePath, ".history" + Path.GetExtension(FilePath)),
        }.ToString();

    public override BoardHistory History => _history ??= new SqlBoardHistory(() => new SqliteConnection(HistoryConnectionString), string.Empty);

    private bool InMemory { get; }

    public override void Prepare()
    {
        if (!InMemory && Path.GetDirectoryName(Path.GetFullPath(FilePath)) is { Length: > 0 } folder)
        {
            System.IO.Directory.CreateDirectory(folder);
        }

        try
        {
            using var connection = new SqliteConnection(ConnectionString);
            connection.Open();
            RefuseForeignTables(
                connection,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';",
                Tables,
                StringComparer.OrdinalIgnoreCase, // SQLite's names are
                $"'{FilePath}'",
                "Point ConnectionStrings:Board at the board's own file.");
            Execute(connection, $"""
                PRAGMA journal_mode=WAL;
                CREATE TABLE IF NOT EXISTS {ProbeTable} (id INTEGER PRIMARY KEY CHECK (id = 1), probed_at TEXT NOT NULL);
                """);
        }
        catch (SqliteException e)
        {
            throw new BoardStartupException(
                $"Cannot use '{FilePath}' as the board's database: {e.Message} " +
                "Move the file away, or point ConnectionStrings:Board at another file.", e);
        }

        using var directory = new SqliteConnection(DirectoryConnectionString);
        directory.Open();
        Execute(directory, $"""
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS {BoardDirectory.Table} (name TEXT PRIMARY KEY, messages INTEGER NOT NULL, last_post_at INTEGER NOT NULL, closed INTEGER NOT NULL DEFAULT 0);
            """);
        using var columns = directory.CreateCommand();
        columns.CommandText = $"SELECT count(*) FROM pragma_table_info('{BoardDirectory.Table}') WHERE name = 'closed';";
        if (Convert.ToInt64(columns.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            // A file from before boards could be closed.
            Execute(directory, $"ALTER TABLE {BoardDirectory.Table} ADD COLUMN closed INTEGER NOT NULL DEFAULT 0;");
        }

        using var history = new SqliteConnection(HistoryConnectionString);
        history.Open();
        Execute(history, "PRAGMA journal_mode=WAL;" + SqlBoardHistory.CreateTables(string.Empty, "BLOB", clustered: true));
    }

    /// <summary>The journal on this file, its plugins on a dispatcher of their own (<see cref="Dispatcher"/>).</summary>
    public Akka.Configuration.Config JournalConfiguration() => JournalConfig.For(
        ConnectionString,
        "SQLite.MS",
        autoInitialize: true,
        parallelism: 1, // SQLite has one writer at a time: concurrent writers would only wait on its lock.
        dispatcher: Dispatcher,
        dispatcherConfig: $$"""
            {{Dispatcher}} {
              type = ForkJoinDispatcher
              throughput = 100
              dedicated-thread-pool.thread-count = 1
            }
            """);

    public override AkkaConfigurationBuilder WithJournal(AkkaConfigurationBuilder builder) =>
        builder.AddHocon(JournalConfiguration(), HoconAddMode.Prepend);

    /// <summary>
    /// Fails when the file is locked by another writer (longer than <paramref name="patience"/>),
    /// read-only, or its disk has less than <see cref="MinimumFreeBytes"/> free.
    /// </summary>
    public override async Task<StorageProbe> ProbeAsync(TimeSpan patience)
    {
        var free = new DriveInfo(Path.GetDirectoryName(FilePath)!).AvailableFreeSpace;
        if (free < MinimumFreeBytes)
        {
            return new StorageProbe(false, $"The journal file does not take commits: the disk holding {FilePath} has {free:N0} bytes free, less than {MinimumFreeBytes:N0}.");
        }

        try
        {
            // Microsoft.Data.Sqlite blocks even in its async calls: keep this off the caller's thread.
            await Task.Run(() => ProbeCommit(patience));
            return new StorageProbe(true, "The journal file takes commits.");
        }
        catch (SqliteException e)
        {
            return new StorageProbe(false, $"The journal file does not take commits: {e.Message}");
        }
    }

    public override long? FreeBytes() => InMemory ? null : new DriveInfo(Path.GetDirectoryName(Path.GetFullPath(FilePath))!).AvailableFreeSpace;

    protected override BoardDirectory CreateDirectory() => new SqlBoardDirectory(
        () => new SqliteConnection(DirectoryConnectionString),
        BoardDirectory.Table,
        "max(messages, excluded.messages)",
        "max(last_post_at, excluded.last_post_at)");

    private static string Resolve(string connectionString, string baseFolder)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:" || Path.IsPathRooted(builder.DataSource))
        {
            return connectionString;
        }

        builder.DataSource = Path.GetFullPath(builder.DataSource, baseFolder);
        return builder.ToString();
    }

    private void ProbeCommit(TimeSpan patience)
    {
        var probeConnection = new SqliteConnectionStringBuilder(ConnectionString)
        {
            Mode = SqliteOpenMode.ReadWrite,
            DefaultTimeout = Math.Max(1, (int)patience.TotalSeconds),
            Pooling = false,
        }.ToString();
        using var connection = new SqliteConnection(probeConnection);
        connection.Open();
        using var probe = connection.CreateCommand();
        probe.CommandText = $"INSERT OR REPLACE INTO {ProbeTable} (id, probed_at) VALUES (1, $now);";
        probe.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O"));
        probe.ExecuteNonQuery();
    }
}
