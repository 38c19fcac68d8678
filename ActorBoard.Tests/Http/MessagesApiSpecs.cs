using System.Net;
using System.Net.Http.Json;
using System.Text;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>The JSON API: posting, reading one message, paging, and problem+json errors.</summary>
public sealed class MessagesApiSpecs : IDisposable
{
    private readonly BoardServer _server = BoardServer.InMemory();
    private readonly HttpClient _client;

    public MessagesApiSpecs() => _client = _server.CreateBoardClient();

    [Fact]
    public async Task Posting_json_answers_201_with_the_location_and_the_stored_message()
    {
        var response = await _client.PostAsJsonAsync("/api/messages", new { text = "Don't <panic> 🎉" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/messages/1", response.Headers.Location!.OriginalString);
        var stored = await response.Content.ReadFromJsonAsync<ApiMessage>();
        Assert.Equal(1, stored!.Id);
        Assert.Equal("Don't <panic> 🎉", stored.Text);
    }

    [Fact]
    public async Task A_message_is_read_back_by_id_with_a_utc_timestamp()
    {
        await _client.PostAsJsonAsync("/api/messages", new { text = "by id" });

        var response = await _client.GetAsync("/api/messages/1");
        var json = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^\\{\"id\":1,\"text\":\"by id\",\"postedAt\":\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\"\\}$", json);
    }

    [Fact]
    public async Task An_unknown_id_is_a_404_problem()
    {
        var response = await _client.GetAsync("/api/messages/99");

        await AssertProblem(response, HttpStatusCode.NotFound, "no message 99");
    }

    [Fact]
    public async Task Listing_pages_with_after_and_limit_oldest_first()
    {
        for (var i = 1; i <= 5; i++)
        {
            await _client.PostMessageAsync($"m{i}");
        }

        var page = await _client.GetFromJsonAsync<ApiMessageList>("/api/messages?after=2&limit=2");
        var older = await _client.GetFromJsonAsync<ApiMessageList>("/api/messages?before=3&limit=10");

        Assert.Equal(["m3", "m4"], page!.Messages.Select(m => m.Text));
        Assert.Equal(["m1", "m2"], older!.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Listing_defaults_to_one_hundred_messages()
    {
        await Task.WhenAll(Enumerable.Range(1, 120).Select(i => _client.PostMessageAsync($"m{i}")));

        var page = await _client.GetFromJsonAsync<ApiMessageList>("/api/messages");

        Assert.Equal(100, page!.Messages.Count);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), page.Messages.Select(m => m.Id));
    }

    [Theory]
    [InlineData("limit=0", "'limit' must be one whole number from 1 to 1000.")]
    [InlineData("limit=1001", "'limit' must be one whole number from 1 to 1000.")]
    [InlineData("limit=ten", "'limit' must be one whole number from 1 to 1000.")]
    [InlineData("after=-1", "'after' must be one whole number from 0 to 9223372036854775807.")]
    [InlineData("after=1&before=5", "Use either 'after' or 'before', not both.")]
    [InlineData("limit=1&limit=2", "'limit' must be one whole number from 1 to 1000.")]
    public async Task An_invalid_query_is_a_400_problem_that_says_what_is_allowed(string query, string detail)
    {
        var response = await _client.GetAsync($"/api/messages?{query}");

        await AssertProblem(response, HttpStatusCode.BadRequest, detail);
    }

    [Fact]
    public async Task Posting_something_other_than_json_is_a_415_problem()
    {
        var response = await _client.PostAsync("/api/messages", new StringContent("text=hi", Encoding.UTF8, "text/plain"));

        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType, "application/json");
    }

    [Theory]
    [InlineData("{\"text\": ", "not valid JSON")]
    [InlineData("{\"message\": \"wrong name\"}", "needs a \\\"text\\\" string")]
    [InlineData("{\"text\": 42}", "not valid JSON")]
    [InlineData("{\"text\": \"   \"}", "empty")]
    [InlineData("{\"text\": \"\\ud800 lone surrogate\"}", "not valid")]
    [InlineData("[]", "not valid JSON")]
    public async Task Posting_bad_json_is_a_400_problem(string body, string detail)
    {
        var response = await _client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblem(response, HttpStatusCode.BadRequest, detail);
    }

    [Fact]
    public async Task Json_that_is_not_utf8_is_a_400_problem()
    {
        var content = new ByteArrayContent([.. "{\"text\": \""u8, 0xFF, .. "\"}"u8]);
        content.Headers.ContentType = new("application/json");

        var response = await _client.PostAsync("/api/messages", content);

        await AssertProblem(response, HttpStatusCode.BadRequest, "not valid JSON");
    }

    private async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains($"\"status\":{(int)status}", body);
        Assert.Contains(detail, body);
        if (status != HttpStatusCode.NotFound)
        {
            Assert.Empty(await _client.ListAllAsync());
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}
