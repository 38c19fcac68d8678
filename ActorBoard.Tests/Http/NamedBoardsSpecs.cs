using System.Net;
using System.Net.Http.Json;
using ActorBoard.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ActorBoard.Tests.Http;

/// <summary>
/// Any number of boards, each named by its URL, each its own sharded entity with its own ids; the
/// default board stays at <c>/</c>. Names that are not board names get a clear 404 and create nothing.
/// </summary>
public sealed class NamedBoardsSpecs : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly BoardServer _server;
    private readonly HttpClient _client;

    public NamedBoardsSpecs()
    {
        _server = BoardServer.OnSqlite(_database);
        _client = _server.CreateBoardClient();
    }

    [Fact]
    public async Task A_post_to_a_named_board_redirects_to_it_and_shows_there_only()
    {
        var posted = await _client.PostAsync("/b/garden-club", new FormUrlEncodedContent([KeyValuePair.Create("message", "Tomatoes are in")]));

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal("/b/garden-club", posted.Headers.Location?.OriginalString);
        Assert.Contains(">Tomatoes are in<", await _client.GetStringAsync("/b/garden-club"));
        Assert.DoesNotContain("Tomatoes are in", await _client.GetStringAsync("/"));
        Assert.DoesNotContain("Tomatoes are in", await _client.GetStringAsync("/b/book-club"));
    }

    [Fact]
    public async Task Each_board_numbers_its_messages_from_one_and_the_api_answers_per_board()
    {
        await _client.PostAsJsonAsync("/api/messages", new { text = "on the default board" });
        var created = await _client.PostAsJsonAsync("/api/boards/team-7/messages", new { text = "on team 7" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/boards/team-7/messages/1", created.Headers.Location?.OriginalString);
        var list = await _client.GetFromJsonAsync<ApiMessageList>("/api/boards/team-7/messages");
        Assert.Equal(["on team 7"], list!.Messages.Select(m => m.Text));
        Assert.Equal("on team 7", (await _client.GetFromJsonAsync<ApiMessage>("/api/boards/team-7/messages/1"))!.Text);
        Assert.Equal("on the default board", (await _client.GetFromJsonAsync<ApiMessage>("/api/messages/1"))!.Text);
    }

    [Theory]
    [InlineData("/b/Garden")]
    [InlineData("/b/-starts-with-a-dash")]
    [InlineData("/b/under_score")]
    [InlineData("/b/an-awfully-long-board-name-that-goes-on-and-on-past-sixty-four-chars")]
    [InlineData("/b/caf%C3%A9")]
    [InlineData("/api/boards/UPPER/messages")]
    public async Task A_name_that_is_not_a_board_name_gets_a_clear_404_and_creates_nothing(string path)
    {
        var page = await _client.GetAsync(path);
        var post = await _client.PostAsync(path, new FormUrlEncodedContent([KeyValuePair.Create("message", "lost?")]));

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("a board's name is 1–64 characters of a–z, 0–9 and '-'", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Empty(PersistenceIdsInJournal());
    }

    [Fact]
    public async Task The_live_stream_of_a_name_that_is_not_a_board_name_is_a_404()
    {
        var stream = await _client.GetAsync("/b/Not_A_Board/events");

        Assert.Equal(HttpStatusCode.NotFound, stream.StatusCode);
        Assert.Equal("application/problem+json", stream.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Reading_a_board_nobody_posted_to_shows_it_empty_and_writes_nothing()
    {
        var page = await _client.GetStringAsync("/b/quiet-corner");
        var api = await _client.GetFromJsonAsync<ApiMessageList>("/api/boards/quiet-corner/messages");

        Assert.Contains("No messages yet", page);
        Assert.Contains("<form method=\"POST\" action=\"/b/quiet-corner\"", page);
        Assert.Empty(api!.Messages);
        Assert.Empty(PersistenceIdsInJournal());
    }

    [Fact]
    public async Task A_named_board_streams_its_own_posts_live_and_nobody_elses()
    {
        using var streamClient = _server.CreateBoardClient();
        await using var stream = await EventStreamClient.ConnectAsync(streamClient, "/b/live-one/events");

        await _client.PostAsync("/", new FormUrlEncodedContent([KeyValuePair.Create("message", "default board")]));
        await _client.PostAsync("/b/live-one", new FormUrlEncodedContent([KeyValuePair.Create("message", "live one")]));

        var received = await stream.NextAsync();
        Assert.Equal(1, received.Id);
        Assert.Equal("live one", received.Message.Text);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _database.Dispose();
    }

    /// <summary>The boards that have written anything (the journal's table is created with the first write).</summary>
    private List<string> PersistenceIdsInJournal()
    {
        using var connection = new SqliteConnection($"{_database.ConnectionString};Mode=ReadOnly");
        connection.Open();
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal';";
        if ((long)exists.ExecuteScalar()! == 0)
        {
            return [];
        }

        using var query = connection.CreateCommand();
        query.CommandText = "SELECT DISTINCT persistence_id FROM journal;";
        using var reader = query.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
