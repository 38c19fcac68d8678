using ActorBoard.Fixtures;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// SIGTERM and SIGINT drain: posts in flight either complete (and are then on disk) or are refused,
/// the process exits cleanly within 10 s, and after a restart every acknowledged message is there.
/// </summary>
public sealed class GracefulShutdownSpecs : IDisposable
{
    private const int Writers = 8;
    private const int AcknowledgedBeforeStop = 150;
    private readonly TempDatabase _database = new();

    /// <summary>What the README promises: the process is gone within this long of the signal.</summary>
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("-TERM")] // a service manager, Kubernetes
    [InlineData("-INT")] // Ctrl-C
    public async Task Stopping_during_a_burst_loses_no_acknowledged_post_and_exits_cleanly_within_ten_seconds(string signal)
    {
        PostingBurst burst;
        var exitCode = -1;
        using (var server = await ServerProcess.StartAsync(_database.ServerLaunch()))
        {
            burst = await PostingBurst.RunAsync(server, Writers, AcknowledgedBeforeStop, async () =>
                exitCode = await server.StopGracefullyAsync(signal, within: ExitLimit));
        }

        using var restarted = await ServerProcess.StartAsync(_database.ServerLaunch());
        using var reader = restarted.CreateClient();
        var stored = (await reader.ListAllAsync()).Select(m => m.Text).ToList();

        Assert.Equal(0, exitCode);
        Assert.Empty(burst.Acknowledged.Except(stored));
        Assert.Equal(stored.Count, stored.Distinct().Count());
    }

    public void Dispose() => _database.Dispose();
}
