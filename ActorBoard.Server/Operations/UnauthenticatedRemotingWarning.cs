using Microsoft.Extensions.Options;

namespace ActorBoard.Server.Operations;

/// <summary>Says at every start, as a warning, that remoting listens beyond loopback with no certificate, because the operator allowed it.</summary>
internal sealed class UnauthenticatedRemotingWarning(IOptions<BoardOptions> options, ILogger<UnauthenticatedRemotingWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var cluster = options.Value.Cluster;
        if (cluster.RemotingOpenToStrangers)
        {
            logger.LogWarning(
                "Cluster remoting listens on {Hostname} without a certificate (Board:Cluster:AllowUnauthenticatedRemoting=true): " +
                "anyone who reaches its port can join the cluster and send boards messages directly. Keep that port on a network only the nodes reach, " +
                "or give Board:Cluster:CertificatePath",
                cluster.Hostname);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
