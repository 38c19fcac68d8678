using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace ActorBoard.Fixtures;

/// <summary>A post a node acknowledged: where, what, the id it was given, and how long it took from the first try.</summary>
public sealed record AcknowledgedPost(string Board, string Text, long Id, TimeSpan FirstTry, TimeSpan Waited, int Attempts);

/// <summary>
/// A client that does what the README tells clients to do: post through the JSON API with an
/// <c>Idempotency-Key</c>, and when the answer is a 503 or never comes (a node died, a board is
/// moving), send the very same post, same key, again, to the next node, until it is acknowledged.
/// Counts what it met on the way. Safe to share between tasks.
/// </summary>
public sealed class RetryingWriter(IReadOnlyList<Uri> nodes, TimeSpan giveUpAfter) : IDisposable
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly HttpClient[] _clients = nodes.Select(node => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        BaseAddress = node,
        Timeout = TimeSpan.FromSeconds(12),
    }).ToArray();

    private long _unavailable;
    private long _noAnswer;
    private long _gaveUp;
    private int _next;

    /// <summary>503 answers received (the board was moving or busy; the post was sent again).</summary>
    public long Unavailable => Interlocked.Read(ref _unavailable);

    /// <summary>Requests that got no answer at all (connection refused or reset, or no answer in time).</summary>
    public long NoAnswer => Interlocked.Read(ref _noAnswer);

    /// <summary>Posts abandoned after <c>giveUpAfter</c> without an acknowledgement.</summary>
    public long GaveUp => Interlocked.Read(ref _gaveUp);

    /// <summary>Time since this writer was created: the clock every <see cref="AcknowledgedPost"/> is measured on.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Posts <paramref name="text"/> to <paramref name="board"/> until a node acknowledges it; null if it gave up.</summary>
    public async Task<AcknowledgedPost?> PostAsync(string board, string text, CancellationToken cancel = default)
    {
        var key = Guid.NewGuid().ToString();
        var firstTry = _clock.Elapsed;
        for (var attempt = 1; ; attempt++)
        {
            var client = _clients[(Interlocked.Increment(ref _next) & int.MaxValue) % _clients.Length];
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/boards/{board}/messages") { Content = JsonContent.Create(new { text }) };
                request.Headers.Add("Idempotency-Key", $"\"{key}\"");
                using var response = await client.SendAsync(request, cancel);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var stored = await response.Content.ReadFromJsonAsync<StoredMessage>(cancel);
                    return new AcknowledgedPost(board, text, stored!.Id, firstTry, _clock.Elapsed - firstTry, attempt);
                }

                if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    throw new InvalidOperationException($"POST /api/boards/{board}/messages answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancel)}");
                }

                Interlocked.Increment(ref _unavailable);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
            {
                Interlocked.Increment(ref _noAnswer);
            }

            if (_clock.Elapsed - firstTry > giveUpAfter)
            {
                Interlocked.Increment(ref _gaveUp);
                return null;
            }

            await Task.Delay(Pause, cancel);
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private sealed record StoredMessage(long Id, string Text);
}
