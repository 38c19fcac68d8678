using System.Net;
using ActorBoard.Actors.Cluster;
using ActorBoard.Server.Operations;
using ActorBoard.Tests.Support;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorBoard.Tests.Http;

/// <summary>
/// /healthz says the process and its actor system live; /readyz says this node is ready: an Up
/// member, its board region answering and its journal taking commits. Readiness is about the node
/// itself, never about one board.
/// </summary>
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
        Assert.Contains("\nakka.cluster.join: Healthy: ", report);
        Assert.Contains("\nboard-region: Healthy: This node's board region answers", report);
        Assert.Contains("\njournal-writable: Healthy: The journal file takes commits.", report);
    }

    [Fact]
    public async Task A_journal_file_locked_by_another_process_makes_the_board_not_ready_until_released()
    {
        using var server = BoardServer.OnSqlite(_database);
        using var client = server.CreateBoardClient();
        using var locker = new SqliteWriteLock(_database.ConnectionString);
        await Task.Delay(JournalWritableHealthCheck.ProbeInterval); // any probe made before the lock is over

        var locked = await client.GetAsync("/readyz");
        locker.Release();

        // The journal is probed at most once a second: the next probe after that sees it released.
        await Eventually.Until(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Readiness_probes_the_journal_at_most_once_a_second_however_often_it_is_asked()
    {
        using var server = BoardServer.OnSqlite(_database);
        var check = server.Services.GetRequiredService<JournalWritableHealthCheck>();
        using var locker = new SqliteWriteLock(_database.ConnectionString);
        await Task.Delay(JournalWritableHealthCheck.ProbeInterval); // any probe made before the lock is over

        var locked = await check.CheckHealthAsync(new HealthCheckContext());
        locker.Release();
        var askedAgainAtOnce = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, locked.Status);
        Assert.Equal(locked.Description, askedAgainAtOnce.Description);
        await Eventually.Until(async () => (await check.CheckHealthAsync(new HealthCheckContext())).Status == HealthStatus.Healthy, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_board_that_does_not_answer_leaves_its_node_ready_and_the_other_boards_taking_posts()
    {
        using var server = BoardServer.InMemory(
            ("Board:AskTimeout", "00:00:00.5"), ("Board:StoreRestartMinBackoff", "00:10:00"), ("Board:StoreRestartMaxBackoff", "00:10:00"));
        using var client = server.CreateBoardClient();
        await server.StopTheDefaultStoreAsync();

        var ready = await client.GetAsync("/readyz");
        var elsewhere = await client.PostAsync("/b/still-open", new FormUrlEncodedContent([KeyValuePair.Create("message", "the node still serves")]));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/api/messages")).StatusCode);
    }

    [Fact]
    public async Task A_node_whose_board_region_is_gone_is_not_ready_but_still_live()
    {
        using var server = BoardServer.InMemory();
        using var client = server.CreateBoardClient();
        var region = server.Services.GetRequiredService<IRequiredActor<BoardRegion>>().ActorRef;
        var stopped = region.WatchAsync();

        region.Tell(PoisonPill.Instance);
        await stopped;

        var report = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, report.StatusCode);
        Assert.Contains("board-region: Unhealthy: This node's board region did not answer", await report.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    public void Dispose() => _database.Dispose();
}
