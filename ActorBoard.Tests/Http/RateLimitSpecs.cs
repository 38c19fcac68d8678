using System.Net;
using System.Net.Http.Json;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>Posts per client are limited: past the limit a client gets 429 with Retry-After, and nothing is stored.</summary>
public sealed class RateLimitSpecs : IDisposable
{
    private readonly BoardServer _server = BoardServer.InMemory(("Board:PostsPerMinutePerClient", "3"));
    private readonly HttpClient _client;

    public RateLimitSpecs() => _client = _server.CreateBoardClient();

    [Fact]
    public async Task A_form_post_over_the_limit_gets_429_with_retry_after_and_the_page_explaining_why()
    {
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.SeeOther, (await _client.PostMessageAsync($"allowed {i}")).StatusCode);
        }

        var refused = await _client.PostMessageAsync("one too many");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter!.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("text/html; charset=utf-8", refused.Content.Headers.ContentType!.ToString());
        Assert.Contains("You are posting too fast: at most 3 posts a minute", await refused.Content.ReadAsStringAsync());
        Assert.Equal(3, (await _client.ListAllAsync()).Count);
    }

    [Fact]
    public async Task An_api_post_over_the_limit_gets_a_429_problem()
    {
        for (var i = 1; i <= 3; i++)
        {
            await _client.PostAsJsonAsync("/api/messages", new { text = $"allowed {i}" });
        }

        var refused = await _client.PostAsJsonAsync("/api/messages", new { text = "one too many" });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task Reading_is_never_limited()
    {
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/")).StatusCode);
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}
