using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// The board is read a page at a time: <c>/</c> shows the newest page and every page links to its
/// neighbours. Each page carries an ETag, so an unchanged board costs a browser a 304.
/// </summary>
public sealed partial class PagingSpecs : IDisposable
{
    private readonly BoardServer _server = BoardServer.InMemory(("Board:PageSize", "5"));
    private readonly HttpClient _client;

    public PagingSpecs() => _client = _server.CreateBoardClient();

    [Fact]
    public async Task The_board_shows_the_newest_page_and_the_older_links_walk_back_to_the_first_message()
    {
        await PostNumbered(12);

        var newest = await _client.GetStringAsync("/");
        var middle = await _client.GetStringAsync(OlderLink(newest));
        var oldest = await _client.GetStringAsync(OlderLink(middle));

        Assert.Equal(Range(8, 12), Texts(newest));
        Assert.Equal(Range(3, 7), Texts(middle));
        Assert.Equal(Range(1, 2), Texts(oldest));
        Assert.DoesNotContain("Older messages", oldest);
        Assert.Equal(Range(3, 7), Texts(await _client.GetStringAsync(NewerLink(oldest))));
    }

    [Fact]
    public async Task After_a_post_the_redirect_shows_it_at_the_bottom_of_the_newest_page()
    {
        await PostNumbered(12);

        var posted = await _client.PostMessageAsync("the latest");
        var page = await _client.GetStringAsync(posted.Headers.Location);

        Assert.Equal("the latest", Texts(page)[^1]);
    }

    [Fact]
    public async Task An_unchanged_board_answers_304_to_its_etag_and_a_post_changes_the_etag()
    {
        await PostNumbered(1);
        var first = await _client.GetAsync("/");
        var etag = first.Headers.ETag!;

        var unchanged = await GetWithETag(etag);
        await _client.PostMessageAsync("a change");
        var changed = await GetWithETag(etag);

        Assert.Equal("no-cache, private", first.Headers.CacheControl!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Theory]
    [InlineData("/?before=abc")]
    [InlineData("/?before=1&after=2")]
    [InlineData("/?after=-5")]
    public async Task An_invalid_page_address_is_a_400_page(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The page address is not valid", await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> GetWithETag(EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.IfNoneMatch.Add(etag);
        return await _client.SendAsync(request);
    }

    private async Task PostNumbered(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await _client.PostMessageAsync($"message {i}");
        }
    }

    private static List<string> Range(int first, int last) =>
        Enumerable.Range(first, last - first + 1).Select(i => $"message {i}").ToList();

    private static List<string> Texts(string page) =>
        MessageText().Matches(page).Select(m => m.Groups[1].Value).ToList();

    private static string OlderLink(string page) => OlderHref().Match(page).Groups[1].Value;

    private static string NewerLink(string page) => NewerHref().Match(page).Groups[1].Value;

    [GeneratedRegex("<p class=\"text\">([^<]*)</p>")]
    private static partial Regex MessageText();

    [GeneratedRegex("<a rel=\"prev\" href=\"([^\"]+)\">")]
    private static partial Regex OlderHref();

    [GeneratedRegex("<a rel=\"next\" href=\"([^\"]+)\">")]
    private static partial Regex NewerHref();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}
