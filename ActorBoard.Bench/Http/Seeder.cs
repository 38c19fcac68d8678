using System.Diagnostics;

namespace ActorBoard.Bench.Http;

/// <summary>Fills a board with a given number of posts through its form, from many connections at once (setting up a scenario, not a measurement).</summary>
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
                if ((int)response.StatusCode != 303)
                {
                    throw new InvalidOperationException($"Seeding got {(int)response.StatusCode} from {server}");
                }
            }
        })));
        return posts / clock.Elapsed.TotalSeconds;
    }
}
