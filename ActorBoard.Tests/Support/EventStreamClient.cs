using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;

namespace ActorBoard.Tests.Support;

/// <summary>One Server-Sent Event: its id and its data parsed as a board message.</summary>
/// <summary>One event: a message (<see cref="Kind"/> "message"), or "removed" naming a message the operator removed.</summary>
public sealed record LiveEvent(long Id, ApiMessage Message, string Kind = "message");

/// <summary>A minimal Server-Sent Events reader over HttpClient, as a browser's EventSource would connect.</summary>
public sealed class EventStreamClient : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpResponseMessage _response;
    private readonly Channel<LiveEvent> _events = Channel.CreateUnbounded<LiveEvent>();
    private readonly Task _reading;

    private EventStreamClient(HttpResponseMessage response)
    {
        _response = response;
        _reading = Task.Run(ReadAsync);
    }

    public HttpResponseMessage Response => _response;

    public static async Task<EventStreamClient> ConnectAsync(HttpClient client, string path = "/events", long? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString());
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new EventStreamClient(response);
    }

    /// <summary>The next event, or a failure after <paramref name="within"/> (default 10 s).</summary>
    public async Task<LiveEvent> NextAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        return await _events.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>The next <paramref name="count"/> events.</summary>
    public async Task<IReadOnlyList<LiveEvent>> NextAsync(int count)
    {
        var received = new List<LiveEvent>();
        for (var i = 0; i < count; i++)
        {
            received.Add(await NextAsync());
        }

        return received;
    }

    /// <summary>Waits until the server ends the stream, failing after <paramref name="within"/>.</summary>
    public Task EndedAsync(TimeSpan within) => _reading.WaitAsync(within);

    /// <summary>Events that have already arrived and not been taken.</summary>
    public int Waiting => _events.Reader.Count;

    public async ValueTask DisposeAsync()
    {
        _response.Dispose();
        await _reading.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync());
            string? id = null;
            string? data = null;
            string? kind = null;
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.Length == 0)
                {
                    if (data is not null && (id is not null || kind is not null))
                    {
                        var message = JsonSerializer.Deserialize<ApiMessage>(data, Json)!;
                        await _events.Writer.WriteAsync(new LiveEvent(id is null ? message.Id : long.Parse(id), message, kind ?? "message"));
                    }

                    id = data = kind = null;
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    kind = line[7..];
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line[4..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line[6..];
                }
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException)
        {
            // The stream ended or the test disposed it.
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }
}
