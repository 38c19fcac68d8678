using System.Net;
using ActorBoard.Actors.Cluster;
using ActorBoard.Actors.Storage;
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
        using var client = server.CreateManagementClient();

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
        using var client = server.CreateManagementClient();
        using var locker = new SqliteWriteLock(_database.ConnectionString);

        // The journal is probed at most once a second: the first probe after the lock sees it, the first after its release sees that.
        var locked = await Eventually.Get(async () => await client.GetAsync("/readyz") is { StatusCode: HttpStatusCode.ServiceUnavailable } answer ? answer : null, TimeSpan.FromSeconds(10));
        locker.Release();
        await Eventually.Until(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10));

        Assert.Contains("journal-writable: Unhealthy: The journal file does not take commits: ", await locked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Readiness_probes_the_journal_at_most_once_a_second_however_often_it_is_asked()
    {
        var storage = new SqliteStorage(_database.ConnectionString);
        storage.Prepare();
        var clock = TestClock.StartingAt("2026-12-01T12:00:00Z");
        var check = new JournalWritableHealthCheck(storage, clock);
        using var locker = new SqliteWriteLock(_database.ConnectionString);

        var locked = await check.CheckHealthAsync(new HealthCheckContext());
        locker.Release();
        clock.Advance(JournalWritableHealthCheck.ProbeInterval - TimeSpan.FromMilliseconds(1));
        var askedAgainWithinTheInterval = await check.CheckHealthAsync(new HealthCheckContext());
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var askedOnceTheIntervalIsOver = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, locked.Status);
        Assert.Equal((locked.Status, locked.Description), (askedAgainWithinTheInterval.Status, askedAgainWithinTheInterval.Description));
        Assert.Equal(HealthStatus.Healthy, askedOnceTheIntervalIsOver.Status);
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
        using var client = server.CreateManagementClient();
        var region = server.Services.GetRequiredService<IRequiredActor<BoardRegion>>().ActorRef;
        var stopped = region.WatchAsync();

        region.Tell(PoisonPill.Instance);
        await stopped;

        var report = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, report.StatusCode);
        Assert.Contains("board-region: Unhealthy: This node's board region did not answer", await report.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task The_public_listener_answers_readiness_with_its_status_word_alone_and_the_operator_paths_not_at_all()
    {
        using var server = BoardServer.OnSqlite(_database);
        using var visitor = server.CreateBoardClient();
        using var operatorClient = server.CreateManagementClient();

        Assert.Equal("Healthy\n", await visitor.GetStringAsync("/readyz"));
        Assert.Equal("Healthy\n", await visitor.GetStringAsync("/healthz"));
        foreach (var path in new[] { "/metrics", "/api/cluster", "/api/cluster/boards/default" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync(path)).StatusCode);
        }

        // The operator's listener is told by the port a request came in on, never by its Host header.
        using var forgedHost = new HttpRequestMessage(HttpMethod.Get, "/api/cluster");
        forgedHost.Headers.Host = server.ManagementAddress.Authority;
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.SendAsync(forgedHost)).StatusCode);
    }

    public void Dispose() => _database.Dispose();
}
