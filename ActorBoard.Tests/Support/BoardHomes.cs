using System.Net;
using System.Net.Http.Json;
using ActorBoard.Fixtures;
using ActorBoard.Server.Operations;

namespace ActorBoard.Tests.Support;

/// <summary>Where a cluster of server processes keeps its boards, as its nodes answer over HTTP.</summary>
public static class BoardHomes
{
    /// <summary>Where node <paramref name="asking"/> says the board lives (a busy node may answer 503 at first: asked again, as an operator would).</summary>
    public static async Task<BoardHomeResource> HomeOfAsync(this ServerCluster cluster, int asking, string board)
    {
        using var client = cluster.Nodes[asking].CreateManagementClient();
        return await Eventually.Get(
            async () =>
            {
                using var answer = await client.GetAsync($"/api/cluster/boards/{board}");
                return answer.StatusCode == HttpStatusCode.ServiceUnavailable ? null : await answer.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<BoardHomeResource>();
            },
            TimeSpan.FromSeconds(30));
    }

    /// <summary>A board named <paramref name="prefix"/>-N whose shard lives on a node other than <paramref name="node"/>, and that node's index.</summary>
    public static async Task<(string Board, int Home)> BoardLivingOnAnotherNodeThan(this ServerCluster cluster, int node, string prefix)
    {
        for (var i = 0; ; i++)
        {
            var board = $"{prefix}-{i}";
            var index = cluster.IndexOf((await cluster.HomeOfAsync(node, board)).Node);
            if (index >= 0 && index != node)
            {
                return (board, index);
            }
        }
    }
}
