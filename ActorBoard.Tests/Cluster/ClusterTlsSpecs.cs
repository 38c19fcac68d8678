using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorBoard.Actors.Board;
using ActorBoard.Actors.Hosting;
using ActorBoard.Actors.Storage;
using ActorBoard.Fixtures;
using ActorBoard.Tests.Support;
using Akka.Actor;
using Akka.Cluster;
using Akka.Remote;

namespace ActorBoard.Tests.Cluster;

/// <summary>
/// Remoting over mutual TLS: nodes holding the cluster's certificate form a cluster; a node that
/// presents any other certificate is refused and never becomes a member.
/// </summary>
public sealed class ClusterTlsSpecs : IAsyncLifetime
{
    private readonly List<BoardNode> _nodes = [];

    [Fact]
    public async Task Nodes_with_the_cluster_certificate_join_and_a_node_with_another_certificate_cannot()
    {
        var clusterCertificate = ThrowAwayCertificate("CN=actorboard-cluster");
        var seedPort = FreePort.Next();
        var seed = $"akka.ssl.tcp://{BoardNodeHosting.SystemName}@127.0.0.1:{seedPort}";
        var first = await Start([seed], clusterCertificate, seedPort);
        var second = await Start([seed], clusterCertificate);
        await Eventually.Until(() => UpMembers(first) == 2 && UpMembers(second) == 2, TimeSpan.FromSeconds(30));
        var reply = await second.Boards.Ask<AppendReply>(new AppendMessage("secure", "over TLS"), TimeSpan.FromSeconds(10));
        Assert.IsType<MessageAppended>(reply);

        // The intruder's first try to join the seed is refused at the TLS handshake; it listens for
        // that from its start, since after the refusal it may stop trying (and its system may end).
        var refused = new TaskCompletionSource<AssociationErrorEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var intruder = await BoardNode.StartAsync(
            new MemoryStorage(),
            [seed],
            certificate: ThrowAwayCertificate("CN=someone-else"),
            atStart: system => system.EventStream.Subscribe(system.ActorOf(Props.Create(() => new FirstOf<AssociationErrorEvent>(refused))), typeof(AssociationErrorEvent)));
        _nodes.Add(intruder);

        var refusal = await refused.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(seedPort, refusal.RemoteAddress.Port);
        Assert.Equal(2, first.Cluster.State.Members.Count);
        Assert.NotEqual(MemberStatus.Up, intruder.Cluster.SelfMember.Status);
    }

    [Fact]
    public async Task A_node_listening_on_every_interface_advertises_its_public_address_and_joins()
    {
        var certificate = ThrowAwayCertificate("CN=actorboard-cluster");
        var seedPort = FreePort.Next();
        var seed = $"akka.ssl.tcp://{BoardNodeHosting.SystemName}@127.0.0.1:{seedPort}";
        var first = await Start([seed], certificate, seedPort);

        var everywhere = await BoardNode.StartAsync(new MemoryStorage(), [seed], certificate: certificate, hostname: "0.0.0.0", publicHostname: "127.0.0.1");
        _nodes.Add(everywhere);

        await Eventually.Until(() => UpMembers(first) == 2, TimeSpan.FromSeconds(30));
        Assert.Equal("127.0.0.1", everywhere.Cluster.SelfAddress.Host);
        Assert.All(first.Cluster.State.Members, member => Assert.Equal("127.0.0.1", member.Address.Host));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    private static int UpMembers(BoardNode node) => node.Cluster.State.Members.Count(member => member.Status == MemberStatus.Up);

    private async Task<BoardNode> Start(IReadOnlyList<string> seeds, X509Certificate2 certificate, int? port = null)
    {
        var node = await BoardNode.StartAsync(new MemoryStorage(), seeds, port: port, certificate: certificate);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Completes <c>first</c> with the first <typeparamref name="T"/> it is sent (here: from the event stream).</summary>
    private sealed class FirstOf<T> : ReceiveActor
    {
        public FirstOf(TaskCompletionSource<T> first) => Receive<T>(message => first.TrySetResult(message));
    }

    /// <summary>A self-signed certificate with its private key, valid for a day, as a cluster would be given one.</summary>
    private static X509Certificate2 ThrowAwayCertificate(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }
}
