using System.Diagnostics;
using System.Net;

namespace ActorBoard.Fixtures;

/// <summary>
/// The one meaning of "ready" for a server that specs and benchmarks start: its own
/// <c>/readyz</c> answers 200 (an Up member of its cluster, its board region answering, its
/// journal taking commits), as a load balancer would see it.
/// </summary>
public static class Readiness
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Waits until the server at <paramref name="address"/> is ready; throws if it is not within
    /// <paramref name="limit"/>, or as soon as <paramref name="exited"/> says its process has ended.
    /// </summary>
    public static async Task WaitAsync(Uri address, TimeSpan limit, Func<bool>? exited = null)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (exited?.Invoke() == true)
            {
                throw new InvalidOperationException($"The server at {address} exited before it was ready.");
            }

            try
            {
                using var ready = await client.GetAsync("/readyz");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer in time.
            }

            await Task.Delay(Interval);
        }

        throw new TimeoutException($"The server at {address} was not ready within {limit}.");
    }
}
