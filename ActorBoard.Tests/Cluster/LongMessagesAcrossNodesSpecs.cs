using System.Net;
using System.Net.Http.Json;
using ActorBoard.Fixtures;
using ActorBoard.Server.Api;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Cluster;

/// <summary>
/// Two real server processes on one real PostgreSQL journal, a board living on the second, read
/// through the first, with the longest messages the board takes (10,000 four-byte characters,
/// 40 KB each): nothing that crosses between the nodes is too big to arrive, so pages, backlogs
/// and live batches hold every message.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LongMessagesAcrossNodesSpecs(PostgresFixture postgres) : IDisposable
{
    private static readonly string Longest = string.Concat(Enumerable.Repeat("🦉", 10_000));
    private ServerCluster? _cluster;
    private List<HttpClient> _clients = [];

    [SkippableFact]
    public async Task A_page_with_the_largest_limit_read_through_another_node_holds_every_message()
    {
        var board = await BoardOnTheSecondNodeWith(posts: 30);

        var page = await _clients[0].GetFromJsonAsync<ApiMessageList>($"/api/boards/{board}/messages?after=0&limit={MessagesApiEndpoints.MaxLimit}");
        using var html = await _clients[0].GetAsync($"/b/{board}");

        Assert.Equal(Enumerable.Range(1, 30).Select(id => (long)id), page!.Messages.Select(m => m.Id));
        Assert.All(page.Messages, message => Assert.Equal(Longest, message.Text));
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
    }

    [SkippableFact]
    public async Task A_stream_resumed_from_the_start_through_another_node_delivers_the_whole_backlog()
    {
        var board = await BoardOnTheSecondNodeWith(posts: 30);

        await using var live = await EventStreamClient.ConnectAsync(_clients[0], $"/b/{board}/events", lastEventId: 0);
        var backlog = await live.NextAsync(30);

        Assert.Equal(Enumerable.Range(1, 30).Select(id => (long)id), backlog.Select(e => e.Id));
        Assert.All(backlog, e => Assert.Equal(Longest, e.Message.Text));
    }

    [SkippableFact]
    public async Task A_burst_of_long_posts_reaches_a_reader_on_another_node_complete_and_in_order()
    {
        var board = await BoardOnTheSecondNodeWith(posts: 0);
        await using var live = await EventStreamClient.ConnectAsync(_clients[0], $"/b/{board}/events");

        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Post(_clients[1], board)));
        var received = await live.NextAsync(40);

        Assert.Equal(Enumerable.Range(1, 40).Select(id => (long)id), received.Select(e => e.Id));
        Assert.All(received, e => Assert.Equal(Longest, e.Message.Text));
    }

    public void Dispose()
    {
        _clients.ForEach(client => client.Dispose());
        _cluster?.Dispose();
    }

    /// <summary>Starts two nodes; a board whose home is the second node, with <paramref name="posts"/> of the longest messages posted through it.</summary>
    private async Task<string> BoardOnTheSecondNodeWith(int posts)
    {
        _cluster = await ServerCluster.StartAsync(postgres.CreateDatabase(), 2);
        _clients = _cluster.Nodes.Select(node => node.CreateClient()).ToList();
        var (board, _) = await _cluster.BoardLivingOnAnotherNodeThan(0, "owls");
        for (var i = 0; i < posts; i++)
        {
            await Post(_clients[1], board);
        }

        return board;
    }

    private static async Task Post(HttpClient client, string board)
    {
        using var created = await client.PostAsJsonAsync($"/api/boards/{board}/messages", new { text = Longest });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }
}
