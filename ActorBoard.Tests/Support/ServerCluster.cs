using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ActorBoard.Actors;
using ActorBoard.Fixtures;
using ActorBoard.Server;

namespace ActorBoard.Tests.Support;

/// <summary>
/// Real server processes on loopback ports joined as one cluster on one PostgreSQL database, as an
/// operator runs them; the first node is the seed. Disposing kills whatever is still running.
/// </summary>
public sealed class ServerCluster : IDisposable
{
    private readonly List<int> _clusterPorts;

    private ServerCluster(List<ServerProcess> nodes, List<int> clusterPorts)
    {
        Nodes = nodes;
        _clusterPorts = clusterPorts;
    }

    public IReadOnlyList<ServerProcess> Nodes { get; }

    public IReadOnlyList<Uri> Addresses => Nodes.Select(node => node.Address).ToList();

    /// <summary>Starts <paramref name="count"/> nodes on <paramref name="journal"/>, each waited for until it is ready (an Up member: see <see cref="ServerProcess.StartAsync(ServerLaunch)"/>).</summary>
    public static async Task<ServerCluster> StartAsync(string journal, int count)
    {
        var ports = Enumerable.Range(0, count).Select(_ => FreePort.Next()).ToList();
        var seed = BoardNodeHosting.Address("127.0.0.1", ports[0]);
        var nodes = new List<ServerProcess>();
        var cluster = new ServerCluster(nodes, ports);
        try
        {
            foreach (var port in ports)
            {
                nodes.Add(await ServerProcess.StartAsync(new ServerLaunch(ServerProcess.ServerFolder)
                {
                    Settings =
                    [
                        "--Board:Storage", "Postgres", "--ConnectionStrings:Board", journal,
                        "--Board:Cluster:Port", port.ToString(CultureInfo.InvariantCulture),
                        "--Board:Cluster:SeedNodes:0", seed,
                        "--Board:PostsPerMinutePerClient", "0",
                    ],
                }));
            }

            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>The remoting address of node <paramref name="index"/>, as the cluster names it.</summary>
    public string NodeAddress(int index) => BoardNodeHosting.Address("127.0.0.1", _clusterPorts[index]);

    /// <summary>Which node <paramref name="home"/> (a remoting address) is, or -1.</summary>
    public int IndexOf(string? home) => Enumerable.Range(0, Nodes.Count).FirstOrDefault(i => NodeAddress(i) == home, -1);

    /// <summary>Where node <paramref name="asking"/> says the board lives (a busy node may answer 503 at first: asked again, as an operator would).</summary>
    public async Task<BoardHomeResource> HomeOfAsync(int asking, string board)
    {
        using var client = Nodes[asking].CreateClient();
        return await Eventually.Get(
            async () =>
            {
                using var answer = await client.GetAsync($"/api/cluster/boards/{board}");
                return answer.StatusCode == HttpStatusCode.ServiceUnavailable ? null : await answer.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<BoardHomeResource>();
            },
            TimeSpan.FromSeconds(30));
    }

    /// <summary>A board named <paramref name="prefix"/>-N whose shard lives on a node other than <paramref name="node"/>, and that node's index.</summary>
    public async Task<(string Board, int Home)> BoardLivingOnAnotherNodeThan(int node, string prefix)
    {
        for (var i = 0; ; i++)
        {
            var board = $"{prefix}-{i}";
            var index = IndexOf((await HomeOfAsync(node, board)).Node);
            if (index >= 0 && index != node)
            {
                return (board, index);
            }
        }
    }

    public void Dispose()
    {
        foreach (var node in Nodes)
        {
            node.Dispose();
        }
    }
}
