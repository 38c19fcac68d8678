using Microsoft.Extensions.Options;

namespace ActorBoard.Server.Operations;

/// <summary>
/// Checks at start that cluster remoting is never open to strangers by accident: listening beyond
/// loopback needs the cluster certificate (mutual TLS) or an explicit
/// <c>Board:Cluster:AllowUnauthenticatedRemoting=true</c>, and listening on every interface needs
/// the address other nodes reach this one at, since <c>0.0.0.0</c> is never advertised.
/// </summary>
internal sealed class RemotingSettingsValidation : IValidateOptions<BoardOptions>
{
    public ValidateOptionsResult Validate(string? name, BoardOptions options)
    {
        var cluster = options.Cluster;
        if (cluster.RemotingOpenToStrangers && !cluster.AllowUnauthenticatedRemoting)
        {
            return ValidateOptionsResult.Fail(
                $"Board:Cluster:Hostname is {cluster.Hostname}, so cluster remoting would listen beyond this machine without a certificate: " +
                "anyone reaching its port could join the cluster and post past every check. Give Board:Cluster:CertificatePath (mutual TLS), " +
                "or, on a network only the nodes reach, set Board:Cluster:AllowUnauthenticatedRemoting=true.");
        }

        if (BoardClusterOptions.IsWildcard(cluster.PublicHostname)
            || (BoardClusterOptions.IsWildcard(cluster.Hostname) && string.IsNullOrWhiteSpace(cluster.PublicHostname)))
        {
            return ValidateOptionsResult.Fail(
                $"Board:Cluster:Hostname is {cluster.Hostname}, every interface, which no other node can reach this one at: " +
                "set Board:Cluster:PublicHostname to the address the other nodes use (for example the container's or host's address).");
        }

        return ValidateOptionsResult.Success;
    }
}
