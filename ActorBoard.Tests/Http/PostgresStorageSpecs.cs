using System.Net;
using ActorBoard.Actors.Board;
using ActorBoard.Actors.Cluster;
using ActorBoard.Actors.Storage;
using ActorBoard.Fixtures;
using ActorBoard.Tests.Support;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task A_board_longer_than_it_keeps_in_memory_is_read_whole_from_its_history_in_postgres()
    {
        using var server = BoardServer.OnPostgres(postgres.CreateDatabase(), ("Board:WindowMessages", "10"));
        using var client = server.CreateBoardClient();
        for (var i = 1; i <= 40; i++)
        {
            Assert.Equal(HttpStatusCode.SeeOther, (await client.PostUntilAcceptedAsync($"message {i}")).StatusCode);
        }

        var boards = server.Services.GetRequiredService<IRequiredActor<BoardRegion>>().ActorRef;
        await Eventually.Until(
            async () => (await boards.Ask<MessagesPage>(GetMessages.Newest(BoardName.Default, 1), TimeSpan.FromSeconds(5))).HistoryBelow > 20,
            TimeSpan.FromSeconds(30));

        var stored = await client.ListAllAsync();
        var old = await client.GetStringAsync("/api/messages/3");
        Assert.Equal(Enumerable.Range(1, 40).Select(i => $"message {i}"), stored.Select(message => message.Text));
        Assert.Contains("message 3", old);
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
        Assert.Contains("journal", PostgresFixture.Query(database, $"SELECT table_name FROM information_schema.tables WHERE table_schema = '{PostgresStorage.Schema}';"));
    }

    [SkippableFact]
    public async Task A_board_schema_holding_another_applications_tables_stops_the_start_and_is_left_alone()
    {
        var database = postgres.CreateDatabase();
        PostgresFixture.Execute(database, $"CREATE SCHEMA {PostgresStorage.Schema}; CREATE TABLE {PostgresStorage.Schema}.orders (id integer);");

        var (exitCode, _, errors) = await ServerProcess.RunUntilExitAsync(
            ServerLaunch.Board(["--Board:Storage", "Postgres", "--ConnectionStrings:Board", database]),
            new Uri($"http://127.0.0.1:{FreePort.Next()}"));

        Assert.Equal(1, exitCode);
        Assert.Contains("holds tables that are not the board's (orders)", errors);
        Assert.Equal(["orders"], PostgresFixture.Query(database, $"SELECT table_name FROM information_schema.tables WHERE table_schema = '{PostgresStorage.Schema}';"));
    }

    [SkippableFact]
    public async Task Nodes_preparing_one_database_at_once_all_start_and_the_journal_takes_each_sequence_number_once()
    {
        var database = postgres.CreateDatabase();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new PostgresStorage(database).Prepare())));

        PostgresFixture.Execute(database, $"INSERT INTO {PostgresStorage.Schema}.journal (created, deleted, persistence_id, sequence_number, message) VALUES (0, false, 'board', 1, '');");
        var twice = Assert.ThrowsAny<Exception>(() => PostgresFixture.Execute(
            database, $"INSERT INTO {PostgresStorage.Schema}.journal (created, deleted, persistence_id, sequence_number, message) VALUES (0, false, 'board', 1, '');"));
        Assert.Contains("journal_uq", twice.Message);
    }

    [SkippableFact]
    public void A_journal_table_that_would_take_a_sequence_number_twice_stops_the_start()
    {
        var database = postgres.CreateDatabase();
        new PostgresStorage(database).Prepare();
        PostgresFixture.Execute(database, $"ALTER TABLE {PostgresStorage.Schema}.journal DROP CONSTRAINT journal_uq;");

        var refused = Assert.Throws<BoardStartupException>(() => new PostgresStorage(database).Prepare());

        Assert.Contains("has no unique index on (persistence_id, sequence_number)", refused.Message);
    }

    [SkippableFact]
    public async Task A_node_on_postgres_without_seed_nodes_warns_that_it_forms_a_cluster_of_its_own()
    {
        var database = postgres.CreateDatabase();

        using var server = await ServerProcess.StartAsync(ServerLaunch.Board(["--Board:Storage", "Postgres", "--ConnectionStrings:Board", database]));

        Assert.Contains("forms a cluster of its own on the shared journal in the PostgreSQL database", server.Output);
    }
}
