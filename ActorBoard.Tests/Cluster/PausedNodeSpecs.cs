using System.Net;
using ActorBoard.Actors;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Cluster;

/// <summary>
/// Three real server processes on one real PostgreSQL journal, one of them frozen with SIGSTOP (as
/// a long garbage collection, a paused VM or an overloaded host freezes it): readiness is each
/// node's own, so the others stay ready and answer their probes promptly, and a load balancer
/// keeps sending them traffic.
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
        var others = Enumerable.Range(0, 3).Where(node => node != frozen).Select(node => ProbeClient(_cluster.Nodes[node])).ToList();

        await _cluster.Nodes[frozen].FreezeAsync();
        var answers = new List<HttpStatusCode>();
        try
        {
            // Shorter than it takes the others to down the frozen node (about 9 s): all of it frozen, none of it failed over.
            for (var probe = 0; probe < 10; probe++)
            {
                foreach (var client in others)
                {
                    using var ready = await client.GetAsync("/readyz");
                    answers.Add(ready.StatusCode);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
        finally
        {
            await _cluster.Nodes[frozen].ThawAsync();
            others.ForEach(client => client.Dispose());
        }

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    public void Dispose() => _cluster?.Dispose();

    private static HttpClient ProbeClient(ServerProcess node)
    {
        var client = node.CreateClient();
        client.Timeout = ProbePatience;
        return client;
    }
}
