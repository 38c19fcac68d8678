using System.Security.Cryptography.X509Certificates;

namespace ActorBoard.Actors.Cluster;

/// <summary>This node's place in the cluster.</summary>
/// <param name="Hostname">The address remoting listens on (and other nodes reach it at, unless <see cref="PublicHostname"/> says otherwise).</param>
/// <param name="Port">The remoting port; 0 takes any free one (a single node needs no fixed port).</param>
/// <param name="SeedNodes">Nodes to join, as <c>akka.tcp://actorboard@host:port</c> (<c>akka.ssl.tcp://…</c> with TLS); none: the node forms a cluster of its own.</param>
/// <param name="Certificate">
/// The cluster's certificate, with its private key: when given, remoting speaks TLS with mutual
/// authentication, and a peer is accepted only if it presents this same certificate.
/// </param>
public sealed record BoardClusterSettings(string Hostname, int Port, IReadOnlyList<string> SeedNodes, X509Certificate2? Certificate = null)
{
    public static readonly BoardClusterSettings SingleNode = new("127.0.0.1", 0, []);

    /// <summary>
    /// The address other nodes reach this one at, when it is not <see cref="Hostname"/>: a node in a
    /// container or behind NAT listens on <c>0.0.0.0</c> and names the address it is reached at.
    /// </summary>
    public string? PublicHostname { get; init; }

    /// <summary>
    /// How long the membership must stay unchanged, with some member unreachable, before the
    /// split-brain resolver acts: the majority side downs the unreachable members and takes over
    /// their boards, a minority side downs itself. Akka's default is 20 s. With 4 s a node must
    /// still be silent for about 9 s in all (the failure detector's 5 s, then this) before it is
    /// downed, far longer than the pauses of a busy machine, and a dead node's boards are back on
    /// the others within about 13 s (see <see cref="RemovalMargin"/>).
    /// </summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// How long after a node is removed its boards wait before they start elsewhere, so that a
    /// node downed on the other side of a partition has stopped them first. Akka takes
    /// <see cref="StableAfter"/> unless told; both sides decide at about the same moment, so a
    /// shorter margin is enough, and the journal accepts each board's sequence number only once.
    /// </summary>
    public TimeSpan RemovalMargin { get; init; } = TimeSpan.FromSeconds(2);
}
