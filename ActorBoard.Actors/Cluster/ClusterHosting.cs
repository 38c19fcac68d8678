using ActorBoard.Actors.Hosting;
using ActorBoard.Actors.Serialization;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorBoard.Actors.Cluster;

/// <summary>The node's remoting and cluster membership: where it listens, whom it joins, how it downs and leaves.</summary>
public static class ClusterHosting
{
    /// <summary>
    /// Remoting on the node's address; with a certificate, over TLS with mutual authentication,
    /// pinned to that certificate, so only nodes that hold it can talk to this one. Nothing larger
    /// than Akka's default frame crosses (see <see cref="WireBudget"/>).
    /// </summary>
    public static AkkaConfigurationBuilder WithBoardRemoting(this AkkaConfigurationBuilder builder, BoardClusterSettings cluster) => builder
        .AddHocon(
            $"""
            # Akka's default, stated: pages and live batches stay within WireBudget, half of it.
            akka.remote.dot-netty.tcp.maximum-frame-size = {WireBudget.MaximumFrameBytes}b
            """,
            HoconAddMode.Prepend)
        .WithRemoting(Remoting(cluster));

    /// <summary>
    /// Membership: the node joins its seed nodes (or, with none, forms a cluster of its own), announces
    /// this build's version, downs unreachable members with the split-brain resolver's keep-majority
    /// after <see cref="BoardClusterSettings.StableAfter"/>, and leaves within bounded phases on SIGTERM.
    /// </summary>
    public static AkkaConfigurationBuilder WithBoardCluster(this AkkaConfigurationBuilder builder, BoardClusterSettings cluster)
    {
        builder
            .AddHocon(
                $$"""
                akka.cluster.split-brain-resolver.stable-after = {{cluster.StableAfter.TotalMilliseconds:0}}ms
                akka.cluster.down-removal-margin = {{cluster.RemovalMargin.TotalMilliseconds:0}}ms
                # SIGTERM stops the host, which stops taking requests, lets those in flight finish,
                # and only then runs Akka's coordinated shutdown (leave the cluster, hand the boards
                # off). Akka's own process-exit hook would start leaving first, while the server
                # still took requests for boards it no longer has.
                akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
                # Leaving is bounded, so SIGTERM ends the process within 10 s even on a busy machine:
                # boards not yet handed over by then stop with the node and start elsewhere.
                akka.coordinated-shutdown.phases.cluster-sharding-shutdown-region.timeout = 4s
                akka.coordinated-shutdown.phases.cluster-exiting.timeout = 2s
                """,
                HoconAddMode.Prepend)
            .WithClustering(new ClusterOptions
            {
                SeedNodes = [.. cluster.SeedNodes],
                AppVersion = BoardNodeHosting.AppVersion,
                // The side of a partition with the majority of nodes stays up; a minority side
                // downs itself, so it cannot keep serving boards the majority has moved.
                SplitBrainResolver = new KeepMajorityOption(),
            });

        builder.WithActors((system, _, resolver) =>
            system.ActorOf(MembershipLog.Props((resolver.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<MembershipLog>()), "membership-log"));
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
    /// Remoting listening on the node's address and advertising its public one; with a certificate,
    /// over TLS with mutual authentication, pinned to that certificate, so only nodes that hold it
    /// can talk to this one.
    /// </summary>
    private static RemoteOptions Remoting(BoardClusterSettings cluster) => cluster.Certificate is not { } certificate
        ? new RemoteOptions { HostName = cluster.Hostname, PublicHostName = cluster.PublicHostname ?? cluster.Hostname, Port = cluster.Port }
        : new RemoteOptions
        {
            HostName = cluster.Hostname,
            PublicHostName = cluster.PublicHostname ?? cluster.Hostname,
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
}
