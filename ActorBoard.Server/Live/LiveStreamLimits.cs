using System.Collections.Concurrent;
using ActorBoard.Server.Operations;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server.Live;

/// <summary>
/// Open live streams, counted per client (<see cref="ClientAddress"/>) and on the whole node:
/// a stream is long-lived and holds its board loaded and a buffer, so one anonymous client may
/// hold at most <see cref="BoardOptions.MaxLiveStreamsPerClient"/> of them and the node
/// <see cref="BoardOptions.MaxLiveStreams"/>; beyond either a new stream is refused with 429.
/// </summary>
public sealed class LiveStreamLimits(IOptions<BoardOptions> options)
{
    /// <summary>How long a refused reader waits before it tries again.</summary>
    public const int RetryAfterSeconds = 5;

    private readonly ConcurrentDictionary<string, int> _perClient = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>A place for one more stream of <paramref name="client"/>, released when disposed; or null and why not.</summary>
    public Lease? TryOpen(string client, out string refusal)
    {
        var settings = options.Value;
        if (Interlocked.Increment(ref _total) > settings.MaxLiveStreams)
        {
            Interlocked.Decrement(ref _total);
            refusal = $"This server has {settings.MaxLiveStreams} live streams open, as many as it holds. Try again in {RetryAfterSeconds} seconds.";
            return null;
        }

        if (_perClient.AddOrUpdate(client, 1, (_, open) => open + 1) > settings.MaxLiveStreamsPerClient && settings.MaxLiveStreamsPerClient > 0)
        {
            Release(client);
            refusal = $"You have {settings.MaxLiveStreamsPerClient} live streams open, as many as one client may. Close one, or try again in {RetryAfterSeconds} seconds.";
            return null;
        }

        refusal = string.Empty;
        return new Lease(this, client);
    }

    private void Release(string client)
    {
        if (_perClient.AddOrUpdate(client, 0, (_, open) => open - 1) == 0)
        {
            _perClient.TryRemove(KeyValuePair.Create(client, 0));
        }

        Interlocked.Decrement(ref _total);
    }

    /// <summary>One open stream's place.</summary>
    public sealed class Lease(LiveStreamLimits limits, string client) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                limits.Release(client);
            }
        }
    }
}
