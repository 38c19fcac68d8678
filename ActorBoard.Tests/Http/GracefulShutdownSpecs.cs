using System.Collections.Concurrent;
using System.Net;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// SIGTERM drains: posts in flight either complete (and are then on disk) or are refused, the
/// process exits cleanly, and after a restart every acknowledged message is there.
/// </summary>
public sealed class GracefulShutdownSpecs : IDisposable
{
    private const int Writers = 8;
    private const int AcknowledgedBeforeStop = 150;
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task Sigterm_during_a_burst_loses_no_acknowledged_post_and_exits_cleanly()
    {
        var acknowledged = new ConcurrentBag<string>();
        (int ExitCode, TimeSpan Took) stopped = default;
        using (var server = await ServerProcess.StartAsync(_database))
        {
            var stopping = 0;
            Task<(int, TimeSpan)>? stop = null;
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
            {
                using var client = server.CreateClient();
                for (var i = 0; ; i++)
                {
                    try
                    {
                        var response = await client.PostMessageAsync($"writer {writer} post {i}");
                        if (response.StatusCode == HttpStatusCode.SeeOther)
                        {
                            acknowledged.Add($"writer {writer} post {i}");
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the server has stopped listening
                    }

                    if (acknowledged.Count >= AcknowledgedBeforeStop && Interlocked.Exchange(ref stopping, 1) == 0)
                    {
                        stop = server.StopGracefullyAsync();
                    }
                }
            })));
            stopped = await stop!;
        }

        using var restarted = await ServerProcess.StartAsync(_database);
        using var reader = restarted.CreateClient();
        var stored = (await reader.ListAllAsync()).Select(m => m.Text).ToList();

        Assert.Equal(0, stopped.ExitCode);
        Assert.Empty(acknowledged.Except(stored));
        Assert.Equal(stored.Count, stored.Distinct().Count());
    }

    public void Dispose() => _database.Dispose();
}
