using ActorBoard.Actors.Hosting;
using ActorBoard.Fixtures;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>What a newcomer reads when one node starts and serves its first pages: what an operator needs, and none of Akka's internals.</summary>
public sealed class StartupLogSpecs : IDisposable
{
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task A_single_node_says_where_the_board_is_kept_where_it_listens_and_that_it_formed_a_cluster_and_nothing_more()
    {
        using var server = await ServerProcess.StartAsync(_database.ServerLaunch());
        using var client = server.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync("/")).EnsureSuccessStatusCode();
        }

        await Eventually.Until(() => server.Output.Contains("This node formed a cluster of its own at", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Contains($"The board is kept in the SQLite file {_database.Path}", server.Output);
        Assert.Contains($"Now listening on: {server.Address}".TrimEnd('/'), server.Output);
        Assert.Contains($"This node formed a cluster of its own at akka.tcp://{BoardNodeHosting.SystemName}@127.0.0.1:", server.Output);
        Assert.DoesNotContain("[INFO]", server.Output);
        Assert.DoesNotContain("deadLetters", server.Output);
    }

    public void Dispose() => _database.Dispose();
}
