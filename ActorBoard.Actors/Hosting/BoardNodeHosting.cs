using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Pattern;
using Akka.Persistence.Hosting;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;

namespace ActorBoard.Actors;

/// <summary>How the boards are stored, supervised and spread over the cluster; filled from the server's options.</summary>
/// <param name="Storage">Journal kind.</param>
/// <param name="ConnectionString">The SQLite or Npgsql connection string (ignored for <see cref="BoardStorage.Memory"/>).</param>
/// <param name="Store">Each board's own settings.</param>
/// <param name="MinRestartBackoff">First wait before a board is started again after it stopped (e.g. storage failed).</param>
/// <param name="MaxRestartBackoff">Longest such wait.</param>
/// <param name="Cluster">Where this node listens and which nodes it joins.</param>
public sealed record MessageStoreHostingSettings(
    BoardStorage Storage,
    string ConnectionString,
    MessageStoreSettings Store,
    TimeSpan MinRestartBackoff,
    TimeSpan MaxRestartBackoff,
    BoardClusterSettings Cluster);

/// <summary>This node's place in the cluster.</summary>
/// <param name="Hostname">The address remoting listens on and other nodes reach it at.</param>
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

/// <summary>
/// The production wiring of the boards, used by the server and by the tests alike: the node joins
/// its cluster (or forms one of its own), and each board is a <see cref="MessageStore"/> entity of
/// the <c>board</c> shard region, living on one node at a time, reached through
/// <c>IRequiredActor&lt;BoardRegion&gt;</c>. The database must have been through
/// <see cref="SqliteBoardFile.Prepare"/> or <see cref="PostgresBoardDatabase.Prepare"/>.
/// </summary>
public static class MessageStoreHosting
{
    /// <summary>The actor system's name, part of every node address.</summary>
    public const string SystemName = "actorboard";

    /// <summary>The shard region's type name.</summary>
    public const string RegionName = "board";

    /// <summary>The store's name under its supervisor, the board's entity.</summary>
    public const string StoreChildName = "store";

    /// <summary>
    /// This build's version (<c>Version</c> in Directory.Build.props), announced to the cluster as
    /// Akka's <c>AppVersion</c>: during a rolling upgrade Akka allocates new shards to the nodes of
    /// the newest version, so boards do not move back to nodes about to be replaced.
    /// </summary>
    public static string AppVersion { get; } =
        typeof(MessageStoreHosting).Assembly.GetName().Version is { } version ? $"{version.Major}.{version.Minor}.{version.Build}" : "0.0.0";

    public static AkkaConfigurationBuilder WithMessageStore(
        this AkkaConfigurationBuilder builder,
        MessageStoreHostingSettings settings,
        TimeProvider clock,
        BoardDirectory directory)
    {
        builder.AddSetup(BoardSerialization.Setup);

        switch (settings.Storage)
        {
            case BoardStorage.Sqlite:
                builder.AddHocon(JournalConfig.ForSqlite(settings.ConnectionString), HoconAddMode.Prepend);
                break;
            case BoardStorage.Postgres:
                builder.AddHocon(JournalConfig.ForPostgres(settings.ConnectionString), HoconAddMode.Prepend);
                break;
            default:
                builder.WithInMemoryJournal().WithInMemorySnapshotStore();
                break;
        }

        var cluster = settings.Cluster;
        builder
            .AddHocon(
                $$"""
                akka.cluster.split-brain-resolver.stable-after = {{cluster.StableAfter.TotalMilliseconds:0}}ms
                akka.cluster.down-removal-margin = {{cluster.RemovalMargin.TotalMilliseconds:0}}ms
                # A region waiting for a board's new home asks the coordinator again this often (Akka: 2 s).
                akka.cluster.sharding.retry-interval = 1s
                # SIGTERM stops the host, which stops taking requests, lets those in flight finish,
                # and only then runs Akka's coordinated shutdown (leave the cluster, hand the boards
                # off). Akka's own process-exit hook would start leaving first, while the server
                # still took requests for boards it no longer has.
                akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
                # Leaving is bounded, so SIGTERM ends the process within 10 s even on a busy machine:
                # boards not yet handed over by then stop with the node and start elsewhere.
                akka.coordinated-shutdown.phases.cluster-sharding-shutdown-region.timeout = 4s
                akka.coordinated-shutdown.phases.cluster-exiting.timeout = 2s
                # Akka's default, stated: pages and live batches stay within WireBudget, half of it.
                akka.remote.dot-netty.tcp.maximum-frame-size = {{WireBudget.MaximumFrameBytes}}b
                """,
                HoconAddMode.Prepend)
            .WithRemoting(Remoting(cluster))
            .WithClustering(new ClusterOptions
            {
                SeedNodes = [.. cluster.SeedNodes],
                AppVersion = AppVersion,
                // The side of a partition with the majority of nodes stays up; a minority side
                // downs itself, so it cannot keep serving boards the majority has moved.
                SplitBrainResolver = new KeepMajorityOption(),
            })
            .WithActors((system, registry) =>
                registry.Register<BoardDirectoryWriter>(system.ActorOf(BoardDirectoryWriter.Props(directory), "board-directory")))
            .WithShardRegion<BoardRegion>(
                RegionName,
                (_, registry) =>
                {
                    var writer = registry.Get<BoardDirectoryWriter>();
                    return board => SupervisedProps(board, settings, clock, writer);
                },
                new BoardMessageRouter(BoardMessageRouter.DefaultShards),
                new ShardOptions
                {
                    StateStoreMode = StateStoreMode.DData,
                    RememberEntities = false,
                    // Boards passivate themselves (MessageStoreSettings.IdleTimeout): only they
                    // know whether a write is in flight or a live reader is listening.
                    ShouldPassivateIdleEntities = false,
                    HandOffStopMessage = StopBoard.Instance,
                })
            .WithActors((system, registry) =>
                registry.Register<LiveFeeds>(system.ActorOf(LiveFeeds.Props(registry.Get<BoardRegion>()), "live-feeds")));

        if (settings.Storage != BoardStorage.Memory)
        {
            builder.AddStartup((system, _) => system.ActorOf(JournalWarmup.Props(), "journal-warmup"));
        }

        if (cluster.SeedNodes.Count == 0)
        {
            builder.AddStartup((system, _) =>
            {
                var self = Akka.Cluster.Cluster.Get(system);
                self.Join(self.SelfAddress);
            });
        }

        return builder;
    }

    /// <summary>
    /// Remoting on the node's address; with a certificate, over TLS with mutual authentication,
    /// pinned to that certificate, so only nodes that hold it can talk to this one.
    /// </summary>
    private static RemoteOptions Remoting(BoardClusterSettings cluster) => cluster.Certificate is not { } certificate
        ? new RemoteOptions { HostName = cluster.Hostname, Port = cluster.Port }
        : new RemoteOptions
        {
            HostName = cluster.Hostname,
            Port = cluster.Port,
            EnableSsl = true,
            Ssl = new SslOptions
            {
                X509Certificate = certificate,
                RequireMutualAuthentication = true,
                SuppressValidation = false,
                ValidateCertificateHostname = false,
                CustomValidator = CertificateValidation.PinnedCertificate(certificate.Thumbprint),
            },
        };

    /// <summary>
    /// A board under a backoff supervisor (see <see cref="Supervised"/>). Akka.Persistence stops a
    /// persistent actor whose journal write fails; the supervisor starts it again after a growing
    /// pause, and the new incarnation recovers from the journal. Messages that arrive while no store
    /// is running go to dead letters, so their askers time out rather than wait. The supervisor
    /// passes the board's request to passivate on to its shard, and stops with it on <see cref="StopBoard"/>.
    /// </summary>
    public static Props SupervisedProps(string board, MessageStoreHostingSettings settings, TimeProvider clock, IActorRef? directory = null) =>
        Supervised(MessageStore.Props(board, settings.Store, clock, directory), settings.MinRestartBackoff, settings.MaxRestartBackoff);

    /// <summary>
    /// <paramref name="store"/> under a backoff supervisor: whenever it stops, it is started again
    /// after a pause that doubles, up to <paramref name="maxBackoff"/>, while it keeps failing. An
    /// exception in a handler stops it too (Akka's default would restart it at once), so a failure
    /// that repeats itself waits longer each time instead of becoming a hot recovery loop.
    /// </summary>
    public static Props Supervised(Props store, TimeSpan minBackoff, TimeSpan maxBackoff) =>
        BackoffSupervisor.Props(Backoff.OnStop(
                store,
                childName: StoreChildName,
                minBackoff: minBackoff,
                maxBackoff: maxBackoff,
                randomFactor: 0.2,
                maxNrOfRetries: -1)
            .WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Stop))
            .WithFinalStopMessage(message => message is StopBoard));
}
