using System.Net;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// Many clients posting at once through real HTTP to a real SQLite journal: every acknowledged
/// post is stored exactly once, with ids 1..N, and each client's posts keep their order.
/// This is the property a shared List without a lock does not have.
/// </summary>
public sealed class ConcurrentPostsSpecs : IDisposable
{
    private const int Clients = 32;
    private const int PostsPerClient = 64;
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task Thousands_of_concurrent_posts_are_each_stored_exactly_once_in_a_consistent_order()
    {
        using var server = BoardServer.OnSqlite(_database);

        var statuses = await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            using var http = server.CreateBoardClient();
            var answers = new List<HttpStatusCode>();
            for (var i = 0; i < PostsPerClient; i++)
            {
                answers.Add((await http.PostMessageAsync($"client {client} post {i}")).StatusCode);
            }

            return answers;
        })));

        Assert.All(statuses.SelectMany(s => s), status => Assert.Equal(HttpStatusCode.SeeOther, status));
        using var reader = server.CreateBoardClient();
        var stored = await reader.ListAllAsync();
        Assert.Equal(Enumerable.Range(1, Clients * PostsPerClient).Select(i => (long)i), stored.Select(m => m.Id));
        Assert.Equal(Clients * PostsPerClient, stored.Select(m => m.Text).Distinct().Count());
        for (var client = 0; client < Clients; client++)
        {
            var own = stored.Where(m => m.Text.StartsWith($"client {client} post ", StringComparison.Ordinal)).Select(m => m.Text);
            Assert.Equal(Enumerable.Range(0, PostsPerClient).Select(i => $"client {client} post {i}"), own);
        }
    }

    public void Dispose() => _database.Dispose();
}
