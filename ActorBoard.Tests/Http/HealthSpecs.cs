using System.Net;
using ActorBoard.Actors;
using ActorBoard.Tests.Support;
using Akka.Actor;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ActorBoard.Tests.Http;

/// <summary>/healthz says the process lives; /readyz says the store has recovered and its file takes writes.</summary>
public sealed class HealthSpecs : IDisposable
{
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task A_started_board_is_live_and_ready()
    {
        using var server = BoardServer.OnSqlite(_database);
        using var client = server.CreateBoardClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = await ready.Content.ReadAsStringAsync();
        Assert.StartsWith("Healthy\n", report);
        Assert.Contains("\ncluster: Healthy: This node (akka.tcp://actorboard@127.0.0.1:", report);
        Assert.Contains("\nstore: Healthy: The store has recovered", report);
    }

    [Fact]
    public async Task A_journal_file_locked_by_another_process_makes_the_board_not_ready_until_released()
    {
        using var server = BoardServer.OnSqlite(_database);
        using var client = server.CreateBoardClient();
        using var locker = new SqliteConnection(_database.ConnectionString);
        locker.Open();
        using (var exclusive = locker.CreateCommand())
        {
            exclusive.CommandText = "BEGIN EXCLUSIVE;";
            exclusive.ExecuteNonQuery();
        }

        var locked = await client.GetAsync("/readyz");
        using (var release = locker.CreateCommand())
        {
            release.CommandText = "ROLLBACK;";
            release.ExecuteNonQuery();
        }

        var released = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_store_that_does_not_answer_makes_the_board_not_ready_but_still_live()
    {
        using var server = BoardServer.InMemory(
            ("Board:AskTimeout", "00:00:00.2"), ("Board:StoreRestartMinBackoff", "00:10:00"), ("Board:StoreRestartMaxBackoff", "00:10:00"));
        using var client = server.CreateBoardClient();
        await server.StopTheDefaultStoreAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    public void Dispose() => _database.Dispose();
}
