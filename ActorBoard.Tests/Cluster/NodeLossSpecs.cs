using System.Collections.Concurrent;
using ActorBoard.Fixtures;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Cluster;

/// <summary>
/// Losing a node is boring: clients post to many boards through all three nodes, retrying with
/// the same Idempotency-Key when an answer is a 503 or never comes, while one node dies (SIGKILL)
/// or leaves (SIGTERM). Every acknowledged post is then on its board exactly once, under the id it
/// was acknowledged with, and each board's ids run without a gap.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NodeLossSpecs(PostgresFixture postgres) : IDisposable
{
    private const int Writers = 6;
    private const int PostsPerWriter = 25;
    private const int AcknowledgedBeforeTheLoss = 40;
    private static readonly string[] Boards = [.. Enumerable.Range(1, 12).Select(i => $"busy-{i}")];
    private ServerCluster? _cluster;

    [SkippableFact]
    public async Task Killing_one_node_of_three_loses_and_doubles_no_acknowledged_post()
    {
        _cluster = await ServerCluster.StartAsync(postgres.CreateDatabase(), 3);
        using var writer = new RetryingWriter(_cluster.Addresses, giveUpAfter: TimeSpan.FromSeconds(30));

        var acknowledged = await PostWhile(writer, () =>
        {
            _cluster.Nodes[2].KillHard();
            return Task.CompletedTask;
        });

        Assert.Equal(0, writer.GaveUp);
        var audit = await BoardAudit.CheckAsync(_cluster.Nodes[0].Address, acknowledged);
        Assert.True(audit.IsClean, audit.ToString());
        Assert.Equal(Writers * PostsPerWriter, audit.Stored);

        // What the operator reads on a surviving node: the loss, in the node's own words.
        var lost = _cluster.NodeAddress(2);
        await Eventually.Until(() => _cluster.Nodes[0].Output.Contains($"Node {lost} left the cluster", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains($"Node {lost} is unreachable", _cluster.Nodes[0].Output);
    }

    [SkippableFact]
    public async Task A_node_stopped_with_sigterm_leaves_cleanly_and_loses_and_doubles_no_acknowledged_post()
    {
        _cluster = await ServerCluster.StartAsync(postgres.CreateDatabase(), 3);
        using var writer = new RetryingWriter(_cluster.Addresses, giveUpAfter: TimeSpan.FromSeconds(30));
        var exitCode = -1;

        var acknowledged = await PostWhile(writer, async () => exitCode = await _cluster.Nodes[2].StopGracefullyAsync());

        Assert.Equal(0, exitCode);
        Assert.Equal(0, writer.GaveUp);
        var audit = await BoardAudit.CheckAsync(_cluster.Nodes[0].Address, acknowledged);
        Assert.True(audit.IsClean, audit.ToString());
        Assert.Equal(Writers * PostsPerWriter, audit.Stored);
    }

    public void Dispose() => _cluster?.Dispose();

    /// <summary>Every writer posts its share to random boards; once enough are acknowledged, <paramref name="loseANode"/> runs while posts are in flight.</summary>
    private static async Task<IReadOnlyCollection<AcknowledgedPost>> PostWhile(RetryingWriter writer, Func<Task> loseANode)
    {
        var acknowledged = new ConcurrentBag<AcknowledgedPost>();
        var lost = 0;
        Task? loss = null;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var i = 0; i < PostsPerWriter; i++)
            {
                if (await writer.PostAsync(Boards[random.Next(Boards.Length)], $"writer {w} post {i}") is { } post)
                {
                    acknowledged.Add(post);
                }

                if (acknowledged.Count >= AcknowledgedBeforeTheLoss && Interlocked.Exchange(ref lost, 1) == 0)
                {
                    loss = loseANode();
                }
            }
        })));
        await loss!;
        return acknowledged;
    }
}
