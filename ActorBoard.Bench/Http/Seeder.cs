using System.Diagnostics;

namespace ActorBoard.Bench.Http;

/// <summary>Fills a board with a given number of posts through its form, from many connections at once (setting up a scenario, not a measurement); a 503 is posted again after its Retry-After.</summary>
public static class Seeder
{
    public static async Task<double> PostAsync(Uri server, string text, int posts, int connections, TimeSpan limit)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = connections }) { BaseAddress = server };
        using var patience = new CancellationTokenSource(limit);
        var remaining = posts;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                using var response = await http.PostAsync("/", new FormUrlEncodedContent([KeyValuePair.Create("message", text)]), patience.Token);
                if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
                {
                    // Not stored, and the server says when to try again (a journal still warming up at start).
                    Interlocked.Increment(ref remaining);
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), patience.Token);
                    continue;
                }

                if ((int)response.StatusCode != 303)
                {
                    throw new InvalidOperationException($"Seeding got {(int)response.StatusCode} from {server}");
                }
            }
        })));
        return posts / clock.Elapsed.TotalSeconds;
    }
}
