using System.Net;
using System.Net.Http.Json;
using ActorBoard.Fixtures;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Cluster;

/// <summary>
/// Three real server processes on loopback ports, one cluster, one real PostgreSQL journal, as an
/// operator runs them: a write acknowledged by any node is read from every node, a live reader on
/// one node hears of posts made through the others, in order, and when a board's node leaves, the
/// board moves and its readers resume where they were.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ThreeNodeClusterSpecs(PostgresFixture postgres) : IDisposable
{
    private ServerCluster? _cluster;
    private List<HttpClient> _clients = [];

    [SkippableFact]
    public async Task A_post_acknowledged_by_one_node_is_read_from_every_node_and_reaches_live_readers_on_another()
    {
        await StartThreeNodes();
        await using var live = await EventStreamClient.ConnectAsync(_clients[0], "/b/lobby/events");

        for (var i = 0; i < 9; i++)
        {
            var through = _clients[i % 3];
            var created = await through.PostAsJsonAsync("/api/boards/lobby/messages", new { text = $"post {i} via node {i % 3}" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            // Read your own write from the node after the one that acknowledged it.
            var elsewhere = _clients[(i + 1) % 3];
            var location = created.Headers.Location!.OriginalString;
            Assert.Equal($"post {i} via node {i % 3}", (await elsewhere.GetFromJsonAsync<ApiMessage>(location))!.Text);
        }

        for (var i = 0; i < 9; i++)
        {
            var received = await live.NextAsync();
            Assert.Equal(i + 1, received.Id);
            Assert.Equal($"post {i} via node {i % 3}", received.Message.Text);
        }

        foreach (var client in _clients)
        {
            var all = await client.GetFromJsonAsync<ApiMessageList>("/api/boards/lobby/messages");
            Assert.Equal(Enumerable.Range(1, 9).Select(id => (long)id), all!.Messages.Select(m => m.Id));
        }
    }

    [SkippableFact]
    public async Task When_a_boards_node_leaves_its_live_stream_ends_and_resumes_from_the_last_event_on_the_boards_new_node()
    {
        await StartThreeNodes();
        var (board, home) = await _cluster!.BoardLivingOnAnotherNodeThan(0, "moving");
        var reader = _clients[0];
        var survivor = _clients[3 - home];
        await using (var live = await EventStreamClient.ConnectAsync(reader, $"/b/{board}/events"))
        {
            await PostAsync(survivor, board, "before the move");
            Assert.Equal(1, (await live.NextAsync()).Id);

            Assert.Equal(0, await _cluster!.Nodes[home].StopGracefullyAsync());
            await live.EndedAsync(TimeSpan.FromSeconds(20));
        }

        await PostAsync(survivor, board, "after the move");
        await PostAsync(reader, board, "and once more");

        // An EventSource reconnects with the id of the last event it saw.
        await using var resumed = await EventStreamClient.ConnectAsync(reader, $"/b/{board}/events", lastEventId: 1);
        Assert.Equal(["after the move", "and once more"], (await resumed.NextAsync(2)).Select(e => e.Message.Text));
        Assert.Equal([1L, 2L, 3L], (await reader.GetFromJsonAsync<ApiMessageList>($"/api/boards/{board}/messages"))!.Messages.Select(m => m.Id));
        Assert.NotEqual(_cluster!.NodeAddress(home), (await _cluster.HomeOfAsync(3 - home, board)).Node);
    }

    [SkippableFact]
    public async Task Every_node_names_the_same_node_as_a_boards_home()
    {
        await StartThreeNodes();

        var homes = await Task.WhenAll(Enumerable.Range(0, 3).Select(node => _cluster!.HomeOfAsync(node, "where-am-i")));

        Assert.Single(homes.Select(home => home.Node).Distinct());
        Assert.InRange(_cluster!.IndexOf(homes[0].Node), 0, 2);
    }

    public void Dispose()
    {
        _clients.ForEach(client => client.Dispose());
        _cluster?.Dispose();
    }

    private async Task StartThreeNodes()
    {
        _cluster = await ServerCluster.StartAsync(postgres.CreateDatabase(), 3);
        _clients = _cluster.Nodes.Select(node => node.CreateClient()).ToList();
    }

    /// <summary>
    /// Posts through this node as a client should (see <see cref="RetryingWriter"/>): under an
    /// Idempotency-Key, sent again while the node answers 503 (a board whose node just left may take
    /// longer than one request's patience to start on another); the key stores it once.
    /// </summary>
    private static async Task PostAsync(HttpClient client, string board, string text)
    {
        using var writer = new RetryingWriter([client.BaseAddress!], giveUpAfter: TimeSpan.FromSeconds(30));
        Assert.NotNull(await writer.PostAsync(board, text));
    }
}
