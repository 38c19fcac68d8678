using ActorBoard.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ActorBoard.Tests.Http;

/// <summary>The server refuses, with a clear message, a database file that is not the board's, and leaves it untouched.</summary>
public sealed class StartupSpecs : IDisposable
{
    private readonly TempDatabase _database = new();

    [Fact]
    public void A_file_that_is_not_a_sqlite_database_stops_the_start_and_is_left_as_it_was()
    {
        var notADatabase = "These are my notes, not a database."u8.ToArray();
        File.WriteAllBytes(_database.Path, notADatabase);

        var failure = Assert.ThrowsAny<Exception>(() => BoardServer.OnSqlite(_database));

        Assert.Contains("Cannot use", Describe(failure));
        Assert.Equal(notADatabase, File.ReadAllBytes(_database.Path));
    }

    [Fact]
    public void A_sqlite_database_belonging_to_something_else_stops_the_start_and_gets_no_board_tables()
    {
        using (var connection = new SqliteConnection(_database.ConnectionString))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);";
            create.ExecuteNonQuery();
        }

        var failure = Assert.ThrowsAny<Exception>(() => BoardServer.OnSqlite(_database));

        Assert.Contains("invoices", Describe(failure));
        Assert.Equal(["invoices"], Tables());
    }

    private List<string> Tables()
    {
        using var connection = new SqliteConnection(_database.ConnectionString);
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;";
        using var reader = query.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static string Describe(Exception failure) =>
        string.Join(" | ", EnumerateChain(failure).Select(e => e.Message));

    private static IEnumerable<Exception> EnumerateChain(Exception? failure)
    {
        for (; failure is not null; failure = failure.InnerException)
        {
            yield return failure;
            if (failure is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(EnumerateChain))
                {
                    yield return inner;
                }
            }
        }
    }

    public void Dispose() => _database.Dispose();
}
