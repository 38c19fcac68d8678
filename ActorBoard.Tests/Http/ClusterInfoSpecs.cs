using System.Net;
using System.Net.Http.Json;
using ActorBoard.Server.Operations;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>What an operator reads about the cluster from any node: its members, and where a board lives.</summary>
public sealed class ClusterInfoSpecs : IDisposable
{
    private readonly BoardServer _server = BoardServer.InMemory();
    private readonly HttpClient _client;

    public ClusterInfoSpecs() => _client = _server.CreateManagementClient();

    [Fact]
    public async Task A_single_node_is_the_one_Up_member_of_its_own_cluster()
    {
        var cluster = await _client.GetFromJsonAsync<ClusterResource>("/api/cluster");

        var member = Assert.Single(cluster!.Members);
        Assert.Equal(cluster.Self, member.Address);
        Assert.Equal("Up", member.Status);
        Assert.True(member.Reachable);
    }

    [Fact]
    public async Task A_board_lives_on_the_only_node_in_the_shard_its_name_hashes_to()
    {
        var self = (await _client.GetFromJsonAsync<ClusterResource>("/api/cluster"))!.Self;

        var home = await _client.GetFromJsonAsync<BoardHomeResource>("/api/cluster/boards/garden-club");

        // Shard 52 of 100: Akka's hash of the name, fixed, so a board keeps its shard across releases.
        Assert.Equal(new BoardHomeResource("garden-club", "52", self), home);
    }

    [Fact]
    public async Task Asking_where_a_name_that_is_no_board_lives_is_a_404()
    {
        var response = await _client.GetAsync("/api/cluster/boards/Not_A_Board");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}
