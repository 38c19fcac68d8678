using System.Net;
using ActorBoard.Server.Operations;

namespace ActorBoard.Tests.Http;

/// <summary>Who counts as one client for the limits per client: an IPv4 address, or an IPv6 /64 (one host owns all of it).</summary>
public sealed class ClientAddressSpecs
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void A_client_is_its_ipv4_address_or_its_ipv6_network(string address, string client) =>
        Assert.Equal(client, ClientAddress.Key(IPAddress.Parse(address)));
}
