using Npgsql;

namespace ActorBoard.Actors;

/// <summary>
/// Gets a PostgreSQL database ready before the journal opens it: the board's tables live in a
/// schema of their own, created here, so a database that holds other applications' tables is
/// shared without touching them. A schema of that name that holds tables other than the board's
/// is refused rather than written into.
/// </summary>
public static class PostgresBoardDatabase
{
    public const string Schema = "actorboard";

    /// <summary>One row the readiness check rewrites: a real commit, as a journal write is.</summary>
    private const string ProbeTable = "board_probe";

    private static readonly string[] BoardTables = ["journal", "snapshot", "tags", "journal_metadata", ProbeTable, BoardDirectory.Table];

    /// <summary>Where a connection string points, without its password, for logs and messages.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"database '{builder.Database ?? builder.Username}' on {builder.Host}:{builder.Port}, schema '{Schema}'";
    }

    /// <summary>Null when the string is a usable Npgsql connection string, otherwise why not.</summary>
    public static string? Problem(string connectionString)
    {
        try
        {
            return string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(connectionString).Host)
                ? "it names no Host"
                : null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    public static void Prepare(string connectionString)
    {
        try
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            RefuseForeignTables(connection);
            Execute(connection, $"""
                CREATE SCHEMA IF NOT EXISTS {Schema};
                CREATE TABLE IF NOT EXISTS {Schema}.{ProbeTable} (id integer PRIMARY KEY CHECK (id = 1), probed_at timestamptz NOT NULL);
                CREATE TABLE IF NOT EXISTS {Schema}.{BoardDirectory.Table} (name text PRIMARY KEY, messages bigint NOT NULL, last_post_at bigint NOT NULL);
                """);
        }
        catch (NpgsqlException e)
        {
            throw new BoardStartupException(
                $"Cannot use the PostgreSQL {Describe(connectionString)} for the board: {e.Message} " +
                "Check that the server runs and ConnectionStrings:Board names a database this user may create a schema in.", e);
        }
    }

    /// <summary>Commits one small write, as a journal write would; throws when the database does not take it.</summary>
    public static async Task ProbeCommitAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var probe = new NpgsqlCommand(
            $"INSERT INTO {Schema}.{ProbeTable} (id, probed_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at;",
            connection);
        await probe.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void RefuseForeignTables(NpgsqlConnection connection)
    {
        using var query = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = @schema;", connection);
        query.Parameters.AddWithValue("schema", Schema);
        var foreign = new List<string>();
        using (var reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                var table = reader.GetString(0);
                if (!BoardTables.Contains(table, StringComparer.Ordinal))
                {
                    foreign.Add(table);
                }
            }
        }

        if (foreign.Count > 0)
        {
            throw new BoardStartupException(
                $"The schema '{Schema}' holds tables that are not the board's ({string.Join(", ", foreign)}); it will not be written to. " +
                "Point ConnectionStrings:Board at another database.");
        }
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
