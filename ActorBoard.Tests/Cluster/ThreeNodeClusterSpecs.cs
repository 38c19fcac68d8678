using ActorBoard.Fixtures;
using System.Net;
using System.Net.Http.Json;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Cluster;

/// <summary>
/// Three real server processes on loopback ports, one cluster, one real PostgreSQL journal, as an
/// operator runs them: a write acknowledged by any node is read from every node, and a live reader
/// on one node hears of posts made through the others, in order.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ThreeNodeClusterSpecs(PostgresFixture postgres) : IDisposable
{
    private readonly List<ServerProcess> _nodes = [];
    private readonly List<HttpClient> _clients = [];

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

    public void Dispose()
    {
        _clients.ForEach(client => client.Dispose());
        _nodes.ForEach(node => node.Dispose());
    }

    private async Task StartThreeNodes()
    {
        var journal = postgres.CreateDatabase();
        var ports = Enumerable.Range(0, 3).Select(_ => FreePort.Next()).ToList();
        var seed = $"akka.tcp://actorboard@127.0.0.1:{ports[0]}";
        foreach (var port in ports)
        {
            var node = await ServerProcess.StartAsync(new ServerLaunch(ServerProcess.ServerFolder)
            {
                Settings =
                [
                    "--Board:Storage", "Postgres", "--ConnectionStrings:Board", journal,
                    "--Board:Cluster:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--Board:Cluster:SeedNodes:0", seed,
                    "--Board:PostsPerMinutePerClient", "0",
                ],
            });
            _nodes.Add(node);
            _clients.Add(node.CreateClient());
        }

        // Ready means an Up member whose boards answer: wait for all three.
        foreach (var client in _clients)
        {
            await Eventually.Until(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        }
    }
}
