using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Logging;

namespace ActorBoard.Actors.Cluster;

/// <summary>
/// Says at Information what an operator needs to know of the cluster, whatever Akka's own log
/// level: that this node formed a cluster or joined one and with whom, and every member that
/// joins, leaves, or becomes unreachable (a warning) and reachable again. Akka's internal state
/// changes stay in Akka's own log, at its level.
/// </summary>
public sealed class MembershipLog : ReceiveActor
{
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);

    public MembershipLog(ILogger logger)
    {
        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (up.Member.Address == _cluster.SelfAddress)
            {
                var others = _cluster.State.Members.Where(member => member.Address != _cluster.SelfAddress).Select(member => member.Address.ToString()).ToList();
                if (others.Count == 0)
                {
                    logger.LogInformation("This node formed a cluster of its own at {Address}", up.Member.Address);
                }
                else
                {
                    logger.LogInformation("This node joined the cluster at {Address}, with {Members}", up.Member.Address, string.Join(", ", others));
                }
            }
            else
            {
                logger.LogInformation("Node {Address} joined the cluster", up.Member.Address);
            }
        });
        Receive<ClusterEvent.MemberRemoved>(removed =>
            logger.LogInformation("Node {Address} left the cluster (it was {Status})", removed.Member.Address, removed.PreviousStatus));
        Receive<ClusterEvent.UnreachableMember>(unreachable =>
            logger.LogWarning("Node {Address} is unreachable; if it stays so, it is downed and its boards move", unreachable.Member.Address));
        Receive<ClusterEvent.ReachableMember>(reachable =>
            logger.LogInformation("Node {Address} is reachable again", reachable.Member.Address));
        ReceiveAny(_ => { });
    }

    public static Props Props(ILogger logger) => Akka.Actor.Props.Create(() => new MembershipLog(logger));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);
}
