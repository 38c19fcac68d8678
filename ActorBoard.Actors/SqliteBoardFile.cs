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
    private static readonly string[] BoardTables = ["journal", "snapshot", "tags"];

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
        }
        catch (SqliteException e)
        {
            throw new InvalidOperationException(
                $"Cannot use '{path}' as the board's database: {e.Message} " +
                "Move the file away, or point ConnectionStrings:Board at another file.", e);
        }
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
            throw new InvalidOperationException(
                $"'{path}' holds tables that are not the board's ({string.Join(", ", foreign)}); it will not be written to. " +
                "Point ConnectionStrings:Board at the board's own file.");
        }
    }
}
