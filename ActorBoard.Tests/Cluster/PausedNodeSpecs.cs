using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using ActorBoard.Actors.Board;
using ActorBoard.Fixtures;
using ActorBoard.Server.Operations;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Cluster;

/// <summary>
/// Three real server processes on one real PostgreSQL journal, one of them frozen with SIGSTOP (as
/// a long garbage collection, a paused VM or an overloaded host freezes it): readiness is each
/// node's own, so the others stay ready and answer their probes promptly, and a node that pauses
/// again and again never takes the others down with it, nor loses an acknowledged post.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PausedNodeSpecs(PostgresFixture postgres) : IDisposable
{
    /// <summary>What a load balancer or Kubernetes waits for a readiness answer (Kubernetes: 1 s by default).</summary>
    private static readonly TimeSpan ProbePatience = TimeSpan.FromSeconds(2);

    private ServerCluster? _cluster;

    [SkippableFact]
    public async Task While_the_node_holding_the_default_board_is_frozen_the_others_stay_ready_and_answer_promptly()
    {
        _cluster = await ServerCluster.StartAsync(postgres.CreateDatabase(), 3);
        var frozen = _cluster.IndexOf((await _cluster.HomeOfAsync(0, BoardName.Default)).Node);
        var others = Enumerable.Range(0, 3).Where(node => node != frozen).Select(node => _cluster.Nodes[node]).ToList();

        await _cluster.Nodes[frozen].FreezeAsync();
        List<HttpStatusCode> answers;
        try
        {
            // Ten rounds, about 5 s: shorter than it takes the others to down the frozen node (about 8 s).
            answers = await Probe(others, carryOn: rounds => rounds < 10);
        }
        finally
        {
            await _cluster.Nodes[frozen].ThawAsync();
        }

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [SkippableFact]
    public async Task A_node_paused_again_and_again_never_takes_the_others_down_and_no_acknowledged_post_is_lost()
    {
        _cluster = await ServerCluster.StartAsync(postgres.CreateDatabase(), 3);
        var serving = new[] { _cluster.Nodes[0], _cluster.Nodes[1] };
        using var writer = new RetryingWriter([.. serving.Select(node => node.Address)], giveUpAfter: TimeSpan.FromSeconds(30));
        using var stop = new CancellationTokenSource();
        var acknowledged = new ConcurrentBag<AcknowledgedPost>();
        var posting = Task.WhenAll(Enumerable.Range(0, 4).Select(w => PostUntil(writer, w, acknowledged, stop.Token)));
        var probing = Probe(serving, carryOn: _ => !stop.IsCancellationRequested);

        // Each pause is longer than the failure detector's acceptable pause (3 s), so the node is
        // marked unreachable, and shorter than it takes to down it (about 9 s in all).
        foreach (var (frozen, running) in new[] { (6, 2), (4, 1), (7, 3) })
        {
            await _cluster.Nodes[2].FreezeAsync();
            await Task.Delay(TimeSpan.FromSeconds(frozen));
            await _cluster.Nodes[2].ThawAsync();
            await Task.Delay(TimeSpan.FromSeconds(running));
        }

        await stop.CancelAsync();
        await posting;
        var readiness = await probing;

        Assert.Equal(0, writer.GaveUp);
        Assert.All(readiness, status => Assert.Equal(HttpStatusCode.OK, status));
        var audit = await BoardAudit.CheckAsync(serving[0].Address, [.. acknowledged]);
        Assert.True(audit.IsClean, audit.ToString());
        Assert.True(acknowledged.Count > 20, $"Only {acknowledged.Count} posts were acknowledged while a node paused.");
        await Eventually.Until(async () => await PausedNodeRejoinedOrLeft(serving[0], _cluster.NodeAddress(2)), TimeSpan.FromSeconds(30));
    }

    /// <summary>The paused node is an Up, reachable member again, or it was downed and is no member at all.</summary>
    private static async Task<bool> PausedNodeRejoinedOrLeft(ServerProcess observer, string paused)
    {
        using var client = observer.CreateManagementClient();
        var cluster = await client.GetFromJsonAsync<ClusterResource>("/api/cluster");
        return cluster!.Members.FirstOrDefault(member => member.Address == paused) is not { } member
            || (member.Status == "Up" && member.Reachable);
    }

    [SkippableFact]
    public async Task A_node_paused_longer_than_the_others_wait_is_downed_its_boards_move_and_it_exits_to_be_restarted()
    {
        _cluster = await ServerCluster.StartAsync(postgres.CreateDatabase(), 3);
        var (board, home) = await _cluster.BoardLivingOnAnotherNodeThan(0, "stalled");
        using var writer = new RetryingWriter([_cluster.Nodes[0].Address], giveUpAfter: TimeSpan.FromSeconds(45));
        Assert.NotNull(await writer.PostAsync(board, "before the pause"));

        await _cluster.Nodes[home].FreezeAsync();
        var duringThePause = await writer.PostAsync(board, "while its node is paused"); // acknowledged once the board has moved
        await _cluster.Nodes[home].ThawAsync();

        Assert.NotNull(duringThePause);
        Assert.Equal(BoardStartup.Downed, await _cluster.Nodes[home].ExitCodeAsync());
        var audit = await BoardAudit.CheckAsync(_cluster.Nodes[0].Address, [duringThePause]);
        Assert.True(audit.IsClean, audit.ToString());
        Assert.Equal(2, audit.Stored);
    }

    public void Dispose() => _cluster?.Dispose();

    /// <summary>One writer posting to the boards in turn, as fast as they answer, until told to stop.</summary>
    private static async Task PostUntil(RetryingWriter writer, int w, ConcurrentBag<AcknowledgedPost> acknowledged, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            if (await writer.PostAsync($"paused-{i % 6}", $"writer {w} post {i}") is { } post)
            {
                acknowledged.Add(post);
            }
        }
    }

    /// <summary>The readiness of every node, probed as a load balancer would, a round every half second while <paramref name="carryOn"/> (given the rounds done) says so.</summary>
    private static async Task<List<HttpStatusCode>> Probe(IReadOnlyList<ServerProcess> nodes, Func<int, bool> carryOn)
    {
        var clients = nodes.Select(ProbeClient).ToList();
        var answers = new List<HttpStatusCode>();
        try
        {
            for (var rounds = 0; carryOn(rounds); rounds++)
            {
                foreach (var client in clients)
                {
                    using var ready = await client.GetAsync("/readyz", CancellationToken.None);
                    answers.Add(ready.StatusCode);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
            }

            return answers;
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    private static HttpClient ProbeClient(ServerProcess node)
    {
        var client = node.CreateClient();
        client.Timeout = ProbePatience;
        return client;
    }
}
