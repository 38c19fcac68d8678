using ActorBoard.Fixtures;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// A 303 is a promise: the message is on disk. Kill the server with SIGKILL while posts are
/// in flight, start it again on the same file, and every acknowledged message is there once:
/// also when the board keeps only its newest messages in memory and snapshots, and the rest are
/// in its history, which follows the journal a little behind.
/// </summary>
public sealed class HardKillSpecs : IDisposable
{
    private const int Writers = 8;
    private const int AcknowledgedBeforeKill = 200;
    private readonly TempDatabase _database = new();

    [Theory]
    [InlineData("whole board in memory", new string[0])]
    [InlineData("newest 20 in memory", new[] { "--Board:WindowMessages", "20", "--Board:SnapshotEvery", "50" })]
    public async Task Every_acknowledged_post_survives_a_kill_9_in_the_middle_of_a_burst(string board, string[] settings)
    {
        PostingBurst burst;
        using (var server = await ServerProcess.StartAsync(_database.ServerLaunch(settings)))
        {
            burst = await PostingBurst.RunAsync(server, Writers, AcknowledgedBeforeKill, () =>
            {
                server.KillHard();
                return Task.CompletedTask;
            });
        }

        using var restarted = await ServerProcess.StartAsync(_database.ServerLaunch(settings));
        using var reader = restarted.CreateClient();
        var stored = (await reader.ListAllAsync()).Select(m => m.Text).ToList();

        Assert.True(burst.Acknowledged.Count >= AcknowledgedBeforeKill, board);
        Assert.Empty(burst.Acknowledged.Except(stored));
        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Empty(stored.Except(burst.Attempted));
    }

    public void Dispose() => _database.Dispose();
}
