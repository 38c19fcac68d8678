using System.Collections.Concurrent;
using System.Net;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// A 303 is a promise: the message is on disk. Kill the server with SIGKILL while posts are
/// in flight, start it again on the same file, and every acknowledged message is there once.
/// </summary>
public sealed class HardKillSpecs : IDisposable
{
    private const int Writers = 8;
    private const int AcknowledgedBeforeKill = 200;
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task Every_acknowledged_post_survives_a_kill_9_in_the_middle_of_a_burst()
    {
        var acknowledged = new ConcurrentBag<string>();
        var attempted = new ConcurrentBag<string>();
        using (var server = await ServerProcess.StartAsync(_database))
        {
            var killed = 0;
            var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
            {
                using var client = server.CreateClient();
                for (var i = 0; Volatile.Read(ref killed) == 0; i++)
                {
                    var text = $"writer {writer} post {i}";
                    attempted.Add(text);
                    try
                    {
                        var response = await client.PostMessageAsync(text);
                        if (response.StatusCode == HttpStatusCode.SeeOther)
                        {
                            acknowledged.Add(text);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the server is gone
                    }

                    if (acknowledged.Count >= AcknowledgedBeforeKill && Interlocked.Exchange(ref killed, 1) == 0)
                    {
                        server.KillHard(); // while the other writers' posts are in flight
                    }
                }
            })).ToList();
            await Task.WhenAll(writers);
        }

        using var restarted = await ServerProcess.StartAsync(_database);
        using var reader = restarted.CreateClient();
        var stored = (await reader.ListAllAsync()).Select(m => m.Text).ToList();

        Assert.True(acknowledged.Count >= AcknowledgedBeforeKill);
        Assert.Empty(acknowledged.Except(stored));
        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Empty(stored.Except(attempted));
    }

    public void Dispose() => _database.Dispose();
}
