using System.Net;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>The page's whole life: GET the form, POST a message, follow the 303, see it.</summary>
public sealed class PostRedirectGetSpecs : IDisposable
{
    private readonly BoardServer _server = BoardServer.InMemory();
    private readonly HttpClient _client;

    public PostRedirectGetSpecs() => _client = _server.CreateBoardClient();

    [Fact]
    public async Task The_board_is_a_complete_html_page_with_a_labelled_form_posting_to_itself()
    {
        var response = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var page = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Single(page.Split("<title>Message Board</title>").Skip(1));
        Assert.Contains("<form method=\"POST\" action=\"/\"", page);
        Assert.Contains("<label for=\"message\">", page);
        Assert.Contains("<textarea id=\"message\" name=\"message\"", page);
        Assert.Contains("<button type=\"submit\">", page);
    }

    [Fact]
    public async Task A_post_is_answered_303_see_other_to_the_board_with_an_empty_body()
    {
        var response = await _client.PostMessageAsync("Hello, board");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_get_after_the_redirect_shows_the_posted_message_with_its_time()
    {
        var posted = await _client.PostMessageAsync("Hello, board");

        var page = await _client.GetStringAsync(posted.Headers.Location);

        Assert.Contains("<p class=\"text\">Hello, board</p>", page);
        Assert.Matches("<time datetime=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\">", page);
    }

    [Fact]
    public async Task Messages_are_listed_oldest_first()
    {
        foreach (var text in new[] { "first", "second", "third" })
        {
            await _client.PostMessageAsync(text);
        }

        var page = await _client.GetStringAsync("/");

        var positions = new[] { "first", "second", "third" }.Select(t => page.IndexOf($">{t}<", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public async Task Reloading_the_page_after_a_post_does_not_post_again()
    {
        var posted = await _client.PostMessageAsync("only once");

        // The browser follows the 303 with a GET, so the page it shows, and reloads, came from a GET.
        var location = posted.Headers.Location!.OriginalString;
        await _client.GetStringAsync(location);
        var reloaded = await _client.GetStringAsync(location);

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Single(reloaded.Split(">only once<").Skip(1));
        Assert.Single(await _client.ListAllAsync(), message => message.Text == "only once");
    }

    [Fact]
    public async Task Head_answers_like_get_without_a_body()
    {
        var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Other_methods_on_the_board_get_405_naming_the_allowed_ones(string method)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/") { Content = new StringContent("message=x") });

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD", "POST"], response.Content.Headers.Allow.Order());
        Assert.Contains($"{method} is not allowed on /; use GET, HEAD, POST.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_stylesheet_the_page_links_to_is_served()
    {
        var response = await _client.GetAsync("/board.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType!.MediaType);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}
