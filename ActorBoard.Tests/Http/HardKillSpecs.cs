using ActorBoard.Fixtures;
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
        PostingBurst burst;
        using (var server = await ServerProcess.StartAsync(_database.ServerLaunch()))
        {
            burst = await PostingBurst.RunAsync(server, Writers, AcknowledgedBeforeKill, () =>
            {
                server.KillHard();
                return Task.CompletedTask;
            });
        }

        using var restarted = await ServerProcess.StartAsync(_database.ServerLaunch());
        using var reader = restarted.CreateClient();
        var stored = (await reader.ListAllAsync()).Select(m => m.Text).ToList();

        Assert.True(burst.Acknowledged.Count >= AcknowledgedBeforeKill);
        Assert.Empty(burst.Acknowledged.Except(stored));
        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Empty(stored.Except(burst.Attempted));
    }

    public void Dispose() => _database.Dispose();
}
