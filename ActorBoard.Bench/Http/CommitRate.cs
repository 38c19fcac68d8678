using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorBoard.Bench.Http;

/// <summary>
/// The physical limit durable posts are measured against: how many single-row transactions one
/// connection commits per second, each waiting for the disk, on the same disk and server the
/// boards use.
/// </summary>
public static class CommitRate
{
    /// <summary>Single-row SQLite transactions per second in <paramref name="folder"/>, with <c>synchronous=FULL</c> in WAL mode (as the board's file).</summary>
    public static double Sqlite(string folder, TimeSpan duration) =>
        SqliteCommits(folder, "commit-rate.db", "CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT);", duration, connection =>
        {
            var insert = new SqliteCommand("INSERT INTO t (body) VALUES ('A benchmark post of modest length.')", connection);
            return _ => insert;
        });

    /// <summary>
    /// Single-row SQLite transactions per second into a table shaped like the journal's: the table and
    /// indexes Akka.Persistence.Sql creates for SQLite (an autoincrement key and three indexes), each
    /// row an event of a post's size. A commit there writes several pages where the plain probe of
    /// <see cref="Sqlite"/> writes one or two, so this is what the disk allows the journal's own rows.
    /// </summary>
    public static double SqliteJournalRow(string folder, TimeSpan duration) =>
        SqliteCommits(
            folder,
            "commit-rate-journal.db",
            """
            CREATE TABLE journal (
              ordering INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, created INTEGER NOT NULL, deleted Bit NOT NULL,
              persistence_id NVarChar(255) NOT NULL, sequence_number INTEGER NOT NULL, message VarBinary NOT NULL,
              manifest NVarChar(500) NULL, identifier INTEGER NULL, writer_uuid NVarChar(128) NULL);
            CREATE UNIQUE INDEX journal_uq ON journal (persistence_id, sequence_number);
            CREATE INDEX journal_created_idx ON journal (created);
            CREATE INDEX journal_sequence_number_idx ON journal (sequence_number);
            """,
            duration,
            connection =>
            {
                var insert = new SqliteCommand(
                    "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid) " +
                    "VALUES ($created, 0, 'board', $sequence, $message, 'P', 1000, '0b6d6ccf2b9f4ad3a4f3c2f1e0d9c8b7')",
                    connection);
                var created = insert.Parameters.Add("$created", SqliteType.Integer);
                var sequence = insert.Parameters.Add("$sequence", SqliteType.Integer);
                insert.Parameters.AddWithValue("$message", new byte[160]);
                return commit =>
                {
                    created.Value = DateTime.UtcNow.Ticks;
                    sequence.Value = commit;
                    return insert;
                };
            });

    /// <summary>
    /// Commits one row at a time (autocommit: one transaction, one fsync each) for <paramref name="duration"/>
    /// into a fresh file in WAL mode with <c>synchronous=FULL</c>; <paramref name="prepare"/> gives the
    /// insert for the n-th commit (closing the connection releases its commands). The file is deleted afterwards.
    /// </summary>
    private static double SqliteCommits(string folder, string fileName, string schema, TimeSpan duration, Func<SqliteConnection, Func<long, SqliteCommand>> prepare)
    {
        var file = Path.Combine(folder, fileName);
        double rate;
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; " + schema);
            var insertFor = prepare(connection);
            var commits = 0L;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                insertFor(++commits).ExecuteNonQuery();
            }

            rate = commits / clock.Elapsed.TotalSeconds;
        }

        File.Delete(file);
        File.Delete(file + "-wal");
        File.Delete(file + "-shm");
        return rate;
    }

    /// <summary>Single-row PostgreSQL transactions per second on one connection (the server runs with <c>synchronous_commit=on</c>).</summary>
    public static double Postgres(string connectionString, TimeSpan duration)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS commit_rate (id bigserial PRIMARY KEY, body text)", connection))
        {
            create.ExecuteNonQuery();
        }

        using var insert = new NpgsqlCommand("INSERT INTO commit_rate (body) VALUES ('A benchmark post of modest length.')", connection);
        var commits = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            insert.ExecuteNonQuery();
            commits++;
        }

        return commits / clock.Elapsed.TotalSeconds;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = new SqliteCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
