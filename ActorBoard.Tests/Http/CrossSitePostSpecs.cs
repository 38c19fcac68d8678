using System.Net;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// A hostile page cannot make its visitors' browsers post to the board: a form post a browser
/// marks as coming from another site is refused with a 403 page saying why, and stores nothing;
/// the board's own pages, and clients that name no origin (curl, scripts), post as before.
/// </summary>
public sealed class CrossSitePostSpecs : IDisposable
{
    private readonly BoardServer _server = BoardServer.InMemory();
    private readonly HttpClient _client;

    public CrossSitePostSpecs() => _client = _server.CreateBoardClient();

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Origin", "https://evil.example")]
    public async Task A_form_post_from_another_site_is_refused_with_403_and_stores_nothing(string header, string value)
    {
        var refused = await PostWith("from elsewhere", (header, value));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("sent from a page on another site", await refused.Content.ReadAsStringAsync());
        Assert.Empty(await _client.ListAllAsync());
    }

    [Theory]
    [InlineData("same-origin", "own")]
    [InlineData("same-origin", "null")] // what Chromium sends from the board's page: its no-referrer policy withholds the origin
    [InlineData(null, "own")]           // a browser that names the origin only
    public async Task A_form_post_from_the_boards_own_page_is_taken(string? site, string origin)
    {
        var headers = new List<(string, string)> { ("Origin", origin == "own" ? _server.Address.GetLeftPart(UriPartial.Authority) : origin) };
        if (site is not null)
        {
            headers.Add(("Sec-Fetch-Site", site));
        }

        var taken = await PostWith("from the board itself", [.. headers]);

        Assert.Equal(HttpStatusCode.SeeOther, taken.StatusCode);
        Assert.Equal(["from the board itself"], (await _client.ListAllAsync()).Select(m => m.Text));
    }

    [Fact]
    public async Task A_form_post_that_names_no_origin_is_taken_as_curl_sends_it()
    {
        Assert.Equal(HttpStatusCode.SeeOther, (await _client.PostMessageAsync("from a script")).StatusCode);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private async Task<HttpResponseMessage> PostWith(string message, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new FormUrlEncodedContent([KeyValuePair.Create("message", message)]) };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await _client.SendAsync(request);
    }
}
