using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ActorBoard.Server.Page;
using ActorBoard.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ActorBoard.Tests.Http;

/// <summary>
/// The operator's moderation API over HTTP, on a real SQLite file: only on the operator's listener,
/// only with the token, and what it changes holds on the page, in the API, in open live streams,
/// in the list of boards, after a restart, and (when erased) in the database itself.
/// </summary>
public sealed class ModerationSpecs : IDisposable
{
    private const string Token = "a-long-random-operator-token";
    private static readonly (string, string) ModerationToken = ("Board:ModerationToken", Token);
    private readonly TempDatabase _database = new();
    private BoardServer _server;
    private HttpClient _client;
    private HttpClient _operator;

    public ModerationSpecs()
    {
        _server = BoardServer.OnSqlite(_database, ModerationToken);
        (_client, _operator) = Clients(_server);
    }

    [Fact]
    public async Task A_request_without_the_operators_token_is_401_and_changes_nothing()
    {
        await _client.PostMessageAsync("stays");
        using var stranger = _server.CreateManagementClient();
        using var guesser = _server.CreateManagementClient();
        guesser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token[..^1]);

        var withoutToken = await stranger.DeleteAsync(RemovalOf(1));
        var wrongToken = await guesser.DeleteAsync(RemovalOf(1));

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal("Bearer", withoutToken.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        Assert.Equal(["stays"], (await _client.ListAllAsync()).Select(m => m.Text));
    }

    [Fact]
    public async Task The_moderation_paths_are_404_on_the_public_port_even_with_the_token()
    {
        await _client.PostMessageAsync("stays");
        using var request = new HttpRequestMessage(HttpMethod.Delete, RemovalOf(1));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        var answer = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal(["stays"], (await _client.ListAllAsync()).Select(m => m.Text));
    }

    [Fact]
    public async Task Without_a_configured_token_there_is_no_moderation_api_at_all()
    {
        using var server = BoardServer.InMemory();
        using var client = server.CreateManagementClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "anything");

        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(RemovalOf(1))).StatusCode);
    }

    [Fact]
    public async Task A_removed_message_leaves_the_page_and_the_api_while_its_id_stays_in_place()
    {
        await _client.PostMessageAsync("buy cheap pills");
        await _client.PostMessageAsync("a real message");
        var before = (await _client.GetAsync("/")).Headers.ETag!;

        var removal = await _operator.DeleteAsync(RemovalOf(1));

        Assert.Equal(HttpStatusCode.OK, removal.StatusCode);
        var page = await _client.GetStringAsync("/");
        Assert.DoesNotContain("buy cheap pills", page);
        Assert.Contains($"id=\"m1\"><p class=\"text\">{BoardPage.RemovedText}</p>", page);
        Assert.Contains(">a real message<", page);
        Assert.Equal(HttpStatusCode.Gone, (await _client.GetAsync("/api/messages/1")).StatusCode);
        Assert.Equal([(1L, true), (2L, false)], (await _client.ListAllAsync()).Select(m => (m.Id, m.Removed)));
        Assert.Equal(HttpStatusCode.OK, (await GetIfNoneMatch("/", before)).StatusCode);
    }

    [Fact]
    public async Task A_removal_needs_a_reason_and_an_id_the_board_holds()
    {
        await _client.PostMessageAsync("stays");

        Assert.Equal(HttpStatusCode.BadRequest, (await _operator.DeleteAsync("/api/moderation/boards/default/messages/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _operator.DeleteAsync(RemovalOf(2))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _operator.DeleteAsync("/api/moderation/boards/Not_A_Board/messages/1?reason=x")).StatusCode);
        Assert.Equal(["stays"], (await _client.ListAllAsync()).Select(m => m.Text));
    }

    [Fact]
    public async Task An_open_live_stream_is_told_which_message_was_removed()
    {
        await using var stream = await EventStreamClient.ConnectAsync(_client);
        await _client.PostMessageAsync("soon gone");
        Assert.Equal("soon gone", (await stream.NextAsync()).Message.Text);

        await _operator.DeleteAsync(RemovalOf(1));

        var removed = await stream.NextAsync();
        Assert.Equal(("removed", 1L), (removed.Kind, removed.Id));
    }

    [Fact]
    public async Task A_closed_board_answers_posts_with_409_leaves_the_list_and_returns_when_reopened()
    {
        await PostTo("owls", "hoot");
        await Eventually.Until(async () => (await _client.GetStringAsync("/b")).Contains("/b/owls"), TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, (await _operator.PostAsync("/api/moderation/boards/owls/close?reason=raid", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await PostTo("owls", "while closed")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsJsonAsync("/api/boards/owls/messages", new { text = "while closed" })).StatusCode);
        Assert.Contains(BoardPage.ClosedText, await _client.GetStringAsync("/b/owls"));
        await Eventually.Until(async () => !(await _client.GetStringAsync("/b")).Contains("/b/owls"), TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, (await _operator.PostAsync("/api/moderation/boards/owls/reopen?reason=calm", null)).StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await PostTo("owls", "after reopening")).StatusCode);
        await Eventually.Until(async () => (await _client.GetStringAsync("/b")).Contains("/b/owls"), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_removal_and_a_closed_board_hold_after_the_server_restarts()
    {
        await _client.PostMessageAsync("removed before the restart");
        await _client.PostMessageAsync("kept");
        await _operator.DeleteAsync(RemovalOf(1));
        await _operator.PostAsync("/api/moderation/boards/default/close?reason=restart-check", null);

        Restart();

        var page = await _client.GetStringAsync("/");
        Assert.DoesNotContain("removed before the restart", page);
        Assert.Contains(BoardPage.ClosedText, page);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostMessageAsync("after the restart")).StatusCode);
    }

    [Fact]
    public async Task Erasing_takes_the_text_out_of_every_table_of_the_database()
    {
        const string unlawful = "text-the-operator-must-not-keep";
        await _client.PostMessageAsync(unlawful);
        await _client.PostMessageAsync("kept");
        Assert.True(TablesHolding(unlawful) > 0);

        var erasure = await _operator.DeleteAsync(RemovalOf(1) + "&erase=true");

        Assert.Equal(HttpStatusCode.OK, erasure.StatusCode);
        Assert.Equal(0, TablesHolding(unlawful));
        Restart();
        Assert.Equal([(true, null), (false, "kept")], (await _client.ListAllAsync()).Select(m => (m.Removed, (string?)m.Text)));
    }

    public void Dispose()
    {
        StopServer();
        _database.Dispose();
    }

    private static string RemovalOf(long id) => $"/api/moderation/boards/default/messages/{id}?reason=spam";

    private static (HttpClient Client, HttpClient Operator) Clients(BoardServer server)
    {
        var moderator = server.CreateManagementClient();
        moderator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return (server.CreateBoardClient(), moderator);
    }

    /// <summary>A new server on the same file.</summary>
    private void Restart()
    {
        StopServer();
        _server = BoardServer.OnSqlite(_database, ModerationToken);
        (_client, _operator) = Clients(_server);
    }

    private void StopServer()
    {
        _client.Dispose();
        _operator.Dispose();
        _server.Dispose();
    }

    private Task<HttpResponseMessage> PostTo(string board, string text) =>
        _client.PostAsync($"/b/{board}", new FormUrlEncodedContent([KeyValuePair.Create("message", text)]));

    private Task<HttpResponseMessage> GetIfNoneMatch(string path, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(etag);
        return _client.SendAsync(request);
    }

    /// <summary>How many of the journal's and snapshot store's rows hold <paramref name="text"/>'s bytes.</summary>
    private long TablesHolding(string text)
    {
        using var connection = new SqliteConnection(_database.ConnectionString);
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT (SELECT count(*) FROM journal WHERE instr(message, $text) > 0) + (SELECT count(*) FROM snapshot WHERE instr(snapshot, $text) > 0);";
        query.Parameters.AddWithValue("$text", System.Text.Encoding.UTF8.GetBytes(text));
        return (long)query.ExecuteScalar()!;
    }
}
