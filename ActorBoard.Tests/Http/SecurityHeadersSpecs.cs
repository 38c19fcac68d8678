using System.Net;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>Every response forbids inline script, plugins, framing, foreign form targets and content sniffing, and names no server software, errors included.</summary>
public sealed class SecurityHeadersSpecs : IClassFixture<SharedBoard>
{
    private readonly HttpClient _client;

    public SecurityHeadersSpecs(SharedBoard board) => _client = board.Client;

    [Theory]
    [InlineData("GET", "/", HttpStatusCode.OK)]
    [InlineData("GET", "/board.js", HttpStatusCode.OK)]
    [InlineData("GET", "/nowhere", HttpStatusCode.NotFound)]
    [InlineData("POST", "/", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/messages?limit=0", HttpStatusCode.BadRequest)]
    public async Task Each_response_carries_a_strict_policy_and_nosniff(string method, string path, HttpStatusCode status)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new FormUrlEncodedContent([KeyValuePair.Create("message", "")]);
        }

        var response = await _client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal("default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'", policy);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Server"), "The server names its software to any visitor.");
    }
}
