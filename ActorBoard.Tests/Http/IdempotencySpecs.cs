using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// Retries never duplicate: an API post sent again with the same <c>Idempotency-Key</c> gets the
/// first answer, and the page's form carries a one-time token, so a form sent twice posts once.
/// Posts with neither work as they always did.
/// </summary>
public sealed partial class IdempotencySpecs : IDisposable
{
    private readonly TempDatabase _database = new();
    private BoardServer _server;
    private HttpClient _client;

    public IdempotencySpecs()
    {
        _server = BoardServer.OnSqlite(_database);
        _client = _server.CreateBoardClient();
    }

    [Fact]
    public async Task An_api_post_repeated_with_the_same_key_and_body_answers_the_original_and_stores_nothing()
    {
        var first = await PostWithKey("/api/boards/retries/messages", "\"order-1234\"", "Pay once");
        var repeat = await PostWithKey("/api/boards/retries/messages", "\"order-1234\"", "Pay once");

        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.Single((await _client.GetFromJsonAsync<ApiMessageList>("/api/boards/retries/messages"))!.Messages);
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_refused_with_422_and_stores_nothing()
    {
        await PostWithKey("/api/messages", "\"k-1\"", "the first message");

        var reused = await PostWithKey("/api/messages", "\"k-1\"", "a different message");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("different message (/api/messages/1)", await reused.Content.ReadAsStringAsync());
        Assert.Equal(["the first message"], (await _client.ListAllAsync()).Select(m => m.Text));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"has \\\"escapes\\\"\"")]
    [InlineData("\"tab\there\"")]
    public async Task A_key_that_is_not_one_short_printable_string_is_a_400_and_stores_nothing(string key)
    {
        var refused = await PostWithKey("/api/messages", key, "never stored");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Idempotency-Key", await refused.Content.ReadAsStringAsync());
        Assert.Empty(await _client.ListAllAsync());
    }

    [Fact]
    public async Task A_key_longer_than_255_characters_is_a_400()
    {
        var refused = await PostWithKey("/api/messages", new string('k', 256), "never stored");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Keys_are_remembered_across_a_restart()
    {
        var first = await PostWithKey("/api/messages", "\"before-restart\"", "kept once");
        Restart();

        var repeat = await PostWithKey("/api/messages", "\"before-restart\"", "kept once");

        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Single(await _client.ListAllAsync());
    }

    [Fact]
    public async Task The_page_form_carries_a_fresh_one_time_token_on_every_load()
    {
        var tokens = new[] { TokenOn(await _client.GetStringAsync("/")), TokenOn(await _client.GetStringAsync("/")) };

        Assert.All(tokens, token => Assert.Matches("^[A-Za-z0-9_-]{22}$", token));
        Assert.NotEqual(tokens[0], tokens[1]);
    }

    [Fact]
    public async Task A_form_sent_twice_with_its_token_posts_once_and_both_answers_are_303()
    {
        var token = TokenOn(await _client.GetStringAsync("/"));

        var first = await _client.PostFormAsync(("token", token), ("message", "double-clicked"));
        var second = await _client.PostFormAsync(("token", token), ("message", "double-clicked"));

        Assert.Equal([HttpStatusCode.SeeOther, HttpStatusCode.SeeOther], [first.StatusCode, second.StatusCode]);
        Assert.Equal(["double-clicked"], (await _client.ListAllAsync()).Select(m => m.Text));
    }

    [Fact]
    public async Task Another_message_written_on_the_same_page_is_a_post_of_its_own()
    {
        var token = TokenOn(await _client.GetStringAsync("/"));

        await _client.PostFormAsync(("token", token), ("message", "from the first tab"));
        await _client.PostFormAsync(("token", token), ("message", "from the second tab"));

        Assert.Equal(["from the first tab", "from the second tab"], (await _client.ListAllAsync()).Select(m => m.Text));
    }

    [Fact]
    public async Task A_form_token_not_of_the_forms_shape_is_a_400_and_stores_nothing()
    {
        var refused = await _client.PostFormAsync(("token", "not a token"), ("message", "never stored"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("reload the page", await refused.Content.ReadAsStringAsync());
        Assert.Empty(await _client.ListAllAsync());
    }

    [Fact]
    public async Task A_well_formed_token_of_the_clients_own_choosing_makes_only_its_own_repeats_count_once()
    {
        const string ownToken = "AAAAAAAAAAAAAAAAAAAAAA";

        await _client.PostFormAsync(("token", ownToken), ("message", "mine"));
        await _client.PostFormAsync(("token", ownToken), ("message", "mine"));
        await _client.PostFormAsync(("token", ownToken), ("message", "someone else's text"));

        Assert.Equal(["mine", "someone else's text"], (await _client.ListAllAsync()).Select(m => m.Text));
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _database.Dispose();
    }

    private Task<HttpResponseMessage> PostWithKey(string path, string key, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { text }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return _client.SendAsync(request);
    }

    private void Restart()
    {
        _client.Dispose();
        _server.Dispose();
        _server = BoardServer.OnSqlite(_database);
        _client = _server.CreateBoardClient();
    }

    private static string TokenOn(string page) => FormToken().Match(page).Groups[1].Value;

    [GeneratedRegex("<input type=\"hidden\" name=\"token\" value=\"([^\"]*)\">")]
    private static partial Regex FormToken();
}
