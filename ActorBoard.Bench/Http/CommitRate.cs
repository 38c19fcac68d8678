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
    public static double Sqlite(string folder, TimeSpan duration)
    {
        var file = Path.Combine(folder, "commit-rate.db");
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT);");
        using var insert = new SqliteCommand("INSERT INTO t (body) VALUES ('A benchmark post of modest length.')", connection);
        var commits = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            insert.ExecuteNonQuery(); // autocommit: one transaction, one fsync
            commits++;
        }

        var rate = commits / clock.Elapsed.TotalSeconds;
        connection.Close();
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
