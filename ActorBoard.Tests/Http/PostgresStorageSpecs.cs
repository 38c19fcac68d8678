using System.Net;
using ActorBoard.Actors;
using ActorBoard.Fixtures;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>The board on a real PostgreSQL server (<c>Board:Storage=Postgres</c>), started by the fixture.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStorageSpecs(PostgresFixture postgres)
{
    [SkippableFact]
    public async Task Posts_are_committed_to_postgres_and_survive_a_restart_of_the_server()
    {
        var database = postgres.CreateDatabase();
        using (var server = BoardServer.OnPostgres(database))
        {
            using var client = server.CreateBoardClient();
            foreach (var text in new[] { "first", "second — ünïcödé 🎉", "third" })
            {
                Assert.Equal(HttpStatusCode.SeeOther, (await client.PostMessageAsync(text)).StatusCode);
            }
        }

        using var restarted = BoardServer.OnPostgres(database);
        using var reader = restarted.CreateBoardClient();
        var stored = await reader.ListAllAsync();

        Assert.Equal(["first", "second — ünïcödé 🎉", "third"], stored.Select(message => message.Text));
        Assert.Equal([1L, 2L, 3L], stored.Select(message => message.Id));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/readyz")).StatusCode);

        // The list of boards is written a moment after each commit (and again when a board recovers).
        await Eventually.Until(async () => (await reader.GetStringAsync("/api/boards")).Contains("{\"name\":\"default\",\"messages\":3,"), TimeSpan.FromSeconds(10));
    }

    [SkippableFact]
    public async Task A_database_holding_other_tables_keeps_them_untouched_and_gets_the_boards_tables_in_a_schema_of_their_own()
    {
        var database = postgres.CreateDatabase();
        PostgresFixture.Execute(database, "CREATE TABLE invoices (id integer PRIMARY KEY, total numeric); INSERT INTO invoices VALUES (1, 9.99);");

        using (var server = BoardServer.OnPostgres(database))
        {
            using var client = server.CreateBoardClient();
            Assert.Equal(HttpStatusCode.SeeOther, (await client.PostMessageAsync("beside the invoices")).StatusCode);
        }

        Assert.Equal(["invoices"], PostgresFixture.Query(database, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public';"));
        Assert.Equal(["9.99"], PostgresFixture.Query(database, "SELECT total FROM invoices;"));
        Assert.Contains("journal", PostgresFixture.Query(database, $"SELECT table_name FROM information_schema.tables WHERE table_schema = '{PostgresBoardDatabase.Schema}';"));
    }

    [SkippableFact]
    public async Task A_board_schema_holding_another_applications_tables_stops_the_start_and_is_left_alone()
    {
        var database = postgres.CreateDatabase();
        PostgresFixture.Execute(database, $"CREATE SCHEMA {PostgresBoardDatabase.Schema}; CREATE TABLE {PostgresBoardDatabase.Schema}.orders (id integer);");

        var (exitCode, _, errors) = await ServerProcess.RunUntilExitAsync(
            new ServerLaunch(ServerProcess.ServerFolder) { Settings = ["--Board:Storage", "Postgres", "--ConnectionStrings:Board", database] },
            new Uri($"http://127.0.0.1:{FreePort.Next()}"));

        Assert.Equal(1, exitCode);
        Assert.Contains("holds tables that are not the board's (orders)", errors);
        Assert.Equal(["orders"], PostgresFixture.Query(database, $"SELECT table_name FROM information_schema.tables WHERE table_schema = '{PostgresBoardDatabase.Schema}';"));
    }
}
