using System.Net;
using System.Net.Http.Json;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// A board holds at most <c>Board:MaxMessagesPerBoard</c> messages: one more post gets 409 naming the
/// limit, on the page and in the API, while the board stays readable and other boards take posts.
/// </summary>
public sealed class FullBoardSpecs : IDisposable
{
    private readonly BoardServer _server = BoardServer.InMemory(("Board:MaxMessagesPerBoard", "2"));
    private readonly HttpClient _client;

    public FullBoardSpecs() => _client = _server.CreateBoardClient();

    [Fact]
    public async Task A_post_to_a_full_board_is_a_409_naming_the_limit_and_the_board_stays_readable()
    {
        await _client.PostMessageAsync("one");
        await _client.PostMessageAsync("two");

        var page = await _client.PostMessageAsync("three");
        var api = await _client.PostAsJsonAsync("/api/messages", new { text = "three again" });

        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains("This board holds 2 messages, as many as a board may", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["one", "two"], (await _client.ListAllAsync()).Select(m => m.Text));
        Assert.Equal(HttpStatusCode.SeeOther, (await _client.PostAsync("/b/another", new FormUrlEncodedContent([KeyValuePair.Create("message", "elsewhere")]))).StatusCode);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}
