using System.Globalization;
using ActorBoard.Actors.Hosting;

namespace ActorBoard.Fixtures;

/// <summary>
/// Real server processes on loopback ports joined as one cluster on one PostgreSQL database, as an
/// operator runs them, each node's address built from the actor system's name
/// (<see cref="BoardNodeHosting.Address"/>). Node 1 is the first seed; with
/// <c>everyNodeASeed</c> every node is listed, so any of them, node 1 included, can be restarted
/// into the running cluster (node 1 then waits for Akka's seed-node timeout at its first start).
/// </summary>
public sealed class ServerCluster : IAsyncDisposable, IDisposable
{
    private readonly IReadOnlyList<int> _clusterPorts;

    private ServerCluster(IReadOnlyList<ServerProcess> nodes, IReadOnlyList<int> clusterPorts)
    {
        Nodes = nodes;
        _clusterPorts = clusterPorts;
    }

    public IReadOnlyList<ServerProcess> Nodes { get; }

    public IReadOnlyList<Uri> Addresses => Nodes.Select(node => node.Address).ToList();

    /// <summary>
    /// <paramref name="count"/> nodes on <paramref name="journal"/> with the per-client post limit
    /// off and <paramref name="settings"/> added, not yet started (<see cref="StartAsync(string, int)"/> starts them).
    /// </summary>
    public static ServerCluster Create(string journal, int count, IReadOnlyList<string>? settings = null, bool everyNodeASeed = false, string? logFolder = null)
    {
        var ports = Enumerable.Range(0, count).Select(_ => FreePort.Next()).ToList();
        var seeds = (everyNodeASeed ? ports : ports.Take(1))
            .SelectMany((port, i) => new[] { $"--Board:Cluster:SeedNodes:{i}", BoardNodeHosting.Address("127.0.0.1", port) })
            .ToList();
        var nodes = ports.Select((port, i) => new ServerProcess(ServerLaunch.Board(
            [
                "--Board:Storage", "Postgres", "--ConnectionStrings:Board", journal,
                "--Board:Cluster:Port", port.ToString(CultureInfo.InvariantCulture),
                "--Board:PostsPerMinutePerClient", "0",
                "--Board:NewBoardsPerHourPerClient", "0",
                .. seeds,
                .. settings ?? [],
            ]) with
        {
            Name = $"node {i + 1}",
            LogFile = logFolder is null ? null : Path.Combine(logFolder, $"node-{i + 1}.log"),
        })).ToList();
        return new ServerCluster(nodes, ports);
    }

    /// <summary>Starts <paramref name="count"/> nodes on <paramref name="journal"/>, one after the other, each waited for until it is ready (an Up member).</summary>
    public static async Task<ServerCluster> StartAsync(string journal, int count)
    {
        var cluster = Create(journal, count);
        try
        {
            await cluster.StartAsync();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Starts every node, one after the other, each waited for until it is ready.</summary>
    public async Task StartAsync()
    {
        foreach (var node in Nodes)
        {
            await node.StartAsync();
        }
    }

    /// <summary>The remoting address of node <paramref name="index"/>, as the cluster names it.</summary>
    public string NodeAddress(int index) => BoardNodeHosting.Address("127.0.0.1", _clusterPorts[index]);

    /// <summary>Which node <paramref name="home"/> (a remoting address) is, or -1.</summary>
    public int IndexOf(string? home) => Enumerable.Range(0, Nodes.Count).FirstOrDefault(i => NodeAddress(i) == home, -1);

    /// <summary>Stops every node with SIGTERM, the last first.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes.Reverse())
        {
            await node.StopAsync();
        }
    }

    /// <summary>Kills whatever still runs.</summary>
    public void Dispose()
    {
        foreach (var node in Nodes)
        {
            node.Dispose();
        }
    }
}
