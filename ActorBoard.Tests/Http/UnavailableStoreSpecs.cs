using System.Net;
using ActorBoard.Server.Operations;
using ActorBoard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ActorBoard.Tests.Http;

/// <summary>When the store cannot answer in time, requests end with 503 and Retry-After, never a hang.</summary>
public sealed class UnavailableStoreSpecs : IDisposable
{
    private readonly BoardServer _server = BoardServer.InMemory(
        ("Board:AskTimeout", "00:00:00.2"),
        ("Board:StoreRestartMinBackoff", "00:10:00"),
        ("Board:StoreRestartMaxBackoff", "00:10:00"));

    private readonly HttpClient _client;

    public UnavailableStoreSpecs() => _client = _server.CreateBoardClient();

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("POST", "/")]
    [InlineData("GET", "/api/messages")]
    [InlineData("POST", "/api/messages")]
    public async Task Requests_get_503_with_retry_after_while_the_store_is_down(string method, string path)
    {
        await _server.StopTheDefaultStoreAsync();

        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = path == "/"
                ? new FormUrlEncodedContent([KeyValuePair.Create("message", "hello")])
                : new StringContent("{\"text\":\"hello\"}", System.Text.Encoding.UTF8, "application/json");
        }

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);
        Assert.Contains("did not answer in time", await response.Content.ReadAsStringAsync());
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}
