using Akka.Hosting;
using Npgsql;

namespace ActorBoard.Actors.Storage;

/// <summary>
/// The boards in a PostgreSQL database, every table of theirs (journal, snapshots, tags, the list
/// of boards, the probe row) in a schema of their own, created here, so a database that holds
/// other applications' tables is shared without touching them. A schema of that name that holds
/// tables other than the board's is refused rather than written into. The journal every node of a
/// cluster shares.
/// </summary>
public sealed class PostgresStorage(string connectionString) : BoardStorage
{
    public const string Schema = "actorboard";

    /// <summary>One row the readiness probe rewrites: a real commit, as a journal write is.</summary>
    private const string ProbeTable = "board_probe";

    /// <summary>The advisory lock nodes hold while preparing the database (any number no other application of the database uses).</summary>
    private const long PrepareLock = 0x4163_746F_7242_6F61; // "ActorBoa"

    private static readonly string[] Tables =
        ["journal", "snapshot", "tags", "journal_metadata", ProbeTable, BoardDirectory.Table, BoardHistory.MessagesTable, BoardHistory.ProgressTable, BoardHistory.OffsetTable];

    /// <summary>
    /// The journal, snapshot and tag tables as Akka.Persistence.Sql 1.5.73 creates them for
    /// <c>PostgreSQL.15</c> (same columns, keys, constraint and index names), and the board's own two.
    /// </summary>
    private static readonly string CreateTables = $"""
        CREATE SCHEMA IF NOT EXISTS {Schema};
        CREATE TABLE IF NOT EXISTS {Schema}.journal (
            ordering bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT "PK_journal" PRIMARY KEY,
            created bigint NOT NULL,
            deleted boolean NOT NULL,
            persistence_id text NOT NULL,
            sequence_number bigint NOT NULL,
            message bytea NOT NULL,
            manifest text,
            identifier integer,
            writer_uuid text,
            CONSTRAINT journal_uq UNIQUE (persistence_id, sequence_number));
        CREATE INDEX IF NOT EXISTS journal_created_idx ON {Schema}.journal (created);
        CREATE INDEX IF NOT EXISTS journal_sequence_number_idx ON {Schema}.journal (sequence_number);
        CREATE TABLE IF NOT EXISTS {Schema}.snapshot (
            persistence_id text NOT NULL,
            sequence_number bigint NOT NULL,
            created bigint NOT NULL,
            snapshot bytea,
            manifest text,
            serializer_id integer,
            CONSTRAINT "PK_snapshot" PRIMARY KEY (persistence_id, sequence_number));
        CREATE INDEX IF NOT EXISTS snapshot_created_idx ON {Schema}.snapshot (created);
        CREATE INDEX IF NOT EXISTS snapshot_sequence_number_idx ON {Schema}.snapshot (sequence_number);
        CREATE TABLE IF NOT EXISTS {Schema}.tags (
            ordering_id bigint NOT NULL,
            tag text NOT NULL,
            sequence_nr bigint NOT NULL,
            persistence_id text NOT NULL,
            CONSTRAINT "PK_tags" PRIMARY KEY (ordering_id, tag));
        CREATE INDEX IF NOT EXISTS tags_persistence_id_sequence_nr_idx ON {Schema}.tags (persistence_id, sequence_nr);
        CREATE INDEX IF NOT EXISTS tags_tag_idx ON {Schema}.tags (tag);
        CREATE TABLE IF NOT EXISTS {Schema}.{ProbeTable} (id integer PRIMARY KEY CHECK (id = 1), probed_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS {Schema}.{BoardDirectory.Table} (name text PRIMARY KEY, messages bigint NOT NULL, last_post_at bigint NOT NULL);
        ALTER TABLE {Schema}.{BoardDirectory.Table} ADD COLUMN IF NOT EXISTS closed boolean NOT NULL DEFAULT false;
        {SqlBoardHistory.CreateTables(Schema + ".", "bytea")}
        """;

    private BoardHistory? _history;

    public string ConnectionString { get; } = connectionString;

    /// <summary>
    /// The history in <see cref="Schema"/>, beside the journal it follows. Its commits do not wait for
    /// the disk (<c>synchronous_commit = off</c> on the history's own connections only), so they never queue in
    /// front of the journal's: whatever relies on the history (a board's snapshot of its window, an
    /// erasure's deletion of journal events) is a later commit of the same database, and PostgreSQL
    /// makes a commit durable only with all the write-ahead log before it. A history commit lost in a
    /// crash takes its journal offset with it and is applied again from the journal. Built on first
    /// use, like the connection string's other readers, after <see cref="ConnectionProblem"/>.
    /// </summary>
    public override BoardHistory History => _history ??= HistoryOn(ConnectionString);

    public override bool SharedByNodes => true;

    public override string? ConnectionProblem
    {
        get
        {
            const string Expected = "must be an Npgsql connection string (Host=…;Database=…;Username=…)";
            try
            {
                return string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(ConnectionString).Host) ? Expected : null;
            }
            catch (ArgumentException e)
            {
                return $"{Expected}: {e.Message}";
            }
        }
    }

    /// <summary>Where the connection string points, without its password.</summary>
    public override string Description
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"the PostgreSQL database '{builder.Database ?? builder.Username}' on {builder.Host}:{builder.Port}, schema '{Schema}'";
        }
    }

    /// <summary>
    /// Creates the board's schema and every table in it (the journal's, snapshot store's and tags'
    /// exactly as Akka.Persistence.Sql's PostgreSQL provider would, so the plugin's own
    /// auto-initialize stays off), then checks that the journal takes each board's sequence number
    /// once. Nodes starting together on one database take turns (an advisory lock held for the
    /// transaction), rather than racing each other's <c>CREATE TABLE</c>.
    /// </summary>
    public override void Prepare()
    {
        try
        {
            using var connection = new NpgsqlConnection(ConnectionString);
            connection.Open();
            using var transaction = connection.BeginTransaction();
            Execute(connection, $"SELECT pg_advisory_xact_lock({PrepareLock});");
            RefuseForeignTables(
                connection,
                $"SELECT table_name FROM information_schema.tables WHERE table_schema = '{Schema}';",
                Tables,
                StringComparer.Ordinal,
                $"The schema '{Schema}'",
                "Point ConnectionStrings:Board at another database.");
            Execute(connection, CreateTables);
            RefuseJournalWithoutUniqueSequenceNumbers(connection);
            transaction.Commit();
        }
        catch (NpgsqlException e)
        {
            throw new BoardStartupException(
                $"Cannot use {Description} for the board: {e.Message} " +
                "Check that the server runs and ConnectionStrings:Board names a database this user may create a schema in.", e);
        }
    }

    /// <summary>The journal in <see cref="Schema"/>; <see cref="Prepare"/> creates its tables, one node at a time, and checks them.</summary>
    public override AkkaConfigurationBuilder WithJournal(AkkaConfigurationBuilder builder) =>
        builder.AddHocon(JournalConfig.For(ConnectionString, "PostgreSQL.15", autoInitialize: false, schema: Schema), HoconAddMode.Prepend);

    public override async Task<StorageProbe> ProbeAsync(TimeSpan patience)
    {
        using var cancel = new CancellationTokenSource(patience);
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync(cancel.Token);
            await using var probe = new NpgsqlCommand(
                $"INSERT INTO {Schema}.{ProbeTable} (id, probed_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at;",
                connection);
            await probe.ExecuteNonQueryAsync(cancel.Token);
            return new StorageProbe(true, "The journal database takes commits.");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            return new StorageProbe(false, $"The journal database does not take commits: {e.Message}");
        }
    }

    protected override BoardDirectory CreateDirectory() => new SqlBoardDirectory(
        () => new NpgsqlConnection(ConnectionString),
        $"{Schema}.{BoardDirectory.Table}",
        $"greatest({Schema}.{BoardDirectory.Table}.messages, excluded.messages)",
        $"greatest({Schema}.{BoardDirectory.Table}.last_post_at, excluded.last_post_at)");

    /// <summary>
    /// One writer per board rests on the journal refusing a second event with a board's sequence
    /// number: a journal table without a unique index on exactly (persistence_id, sequence_number)
    /// (made by hand, or by another tool) is refused.
    /// </summary>
    private static void RefuseJournalWithoutUniqueSequenceNumbers(NpgsqlConnection connection)
    {
        using var query = new NpgsqlCommand(
            """
            SELECT count(*) FROM pg_index i
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = @schema AND t.relname = 'journal' AND i.indisunique AND i.indnkeyatts = 2
              AND (SELECT array_agg(a.attname::text ORDER BY k.position)
                   FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) = ARRAY['persistence_id', 'sequence_number'];
            """,
            connection);
        query.Parameters.AddWithValue("schema", Schema);
        if ((long)query.ExecuteScalar()! == 0)
        {
            throw new BoardStartupException(
                $"The table {Schema}.journal has no unique index on (persistence_id, sequence_number), so two writers of one board could both commit " +
                $"the same message number; it will not be written to. Add one (ALTER TABLE {Schema}.journal ADD CONSTRAINT journal_uq UNIQUE " +
                "(persistence_id, sequence_number)) or point ConnectionStrings:Board at another database.");
        }
    }

    private static BoardHistory HistoryOn(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = $"{builder.Options} -c synchronous_commit=off".Trim();

        // The history runs the same few statements over and over (one insert per message): Npgsql
        // prepares each on the server once it has run a few times on a connection, so PostgreSQL
        // parses and plans it once per connection instead of once per message.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 16;
        }

        var history = builder.ToString();
        return new SqlBoardHistory(() => new NpgsqlConnection(history), Schema + ".");
    }
}
