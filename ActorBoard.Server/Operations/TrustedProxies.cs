using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server.Operations;

/// <summary>
/// The reverse proxies whose word the board takes about a client (<see cref="BoardOptions.TrustedProxies"/>):
/// from a connection whose peer is one of them, ASP.NET Core's forwarded headers middleware takes the
/// client's address from <c>X-Forwarded-For</c> and the scheme from <c>X-Forwarded-Proto</c>, walking
/// back through every trusted proxy in the chain; from anyone else those headers are ignored. None
/// by default: a header anyone can write is never believed unless the operator says whose it is.
/// </summary>
public static class TrustedProxies
{
    /// <summary>Whether <paramref name="entry"/> is an address (<c>10.0.0.1</c>) or a network (<c>10.0.0.0/8</c>).</summary>
    public static bool IsValid(string entry) => IPAddress.TryParse(entry, out _) || IPNetwork.TryParse(entry, out _);

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services) =>
        services.AddSingleton<IConfigureOptions<ForwardedHeadersOptions>>(provider => new ConfigureOptions<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = null; // as many hops as are trusted, stopping at the first that is not
            forwarded.KnownProxies.Clear(); // ASP.NET trusts loopback by default; the board trusts only what it is told
            forwarded.KnownIPNetworks.Clear();
            foreach (var entry in provider.GetRequiredService<IOptions<BoardOptions>>().Value.TrustedProxies)
            {
                if (IPAddress.TryParse(entry, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
                else
                {
                    forwarded.KnownIPNetworks.Add(IPNetwork.Parse(entry));
                }
            }
        }));
}
