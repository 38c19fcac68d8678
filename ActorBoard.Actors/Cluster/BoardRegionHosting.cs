using ActorBoard.Actors.Board;
using ActorBoard.Actors.Hosting;
using ActorBoard.Actors.Live;
using ActorBoard.Actors.Storage;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Pattern;

namespace ActorBoard.Actors.Cluster;

/// <summary>
/// The boards themselves: each a <see cref="MessageStore"/> entity of the <c>board</c> shard region
/// under a backoff supervisor, living on one node at a time and reached through
/// <c>IRequiredActor&lt;BoardRegion&gt;</c>; beside them the node's list of boards and its live feeds.
/// </summary>
public static class BoardRegionHosting
{
    /// <summary>The shard region's type name.</summary>
    public const string RegionName = "board";

    /// <summary>The store's name under its supervisor, the board's entity.</summary>
    public const string StoreChildName = "store";

    public static AkkaConfigurationBuilder WithBoardRegion(this AkkaConfigurationBuilder builder, BoardNodeSettings settings, TimeProvider clock) => builder
        .AddHocon(
            """
            # A region waiting for a board's new home asks the coordinator again this often (Akka: 2 s).
            akka.cluster.sharding.retry-interval = 1s
            """,
            HoconAddMode.Prepend)
        .WithActors((system, registry) =>
            registry.Register<BoardDirectoryWriter>(system.ActorOf(BoardDirectoryWriter.Props(settings.Storage.Directory), "board-directory")))
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

    /// <summary>
    /// A board under a backoff supervisor (see <see cref="Supervised"/>). Akka.Persistence stops a
    /// persistent actor whose journal write fails; the supervisor starts it again after a growing
    /// pause, and the new incarnation recovers from the journal. Messages that arrive while no store
    /// is running go to dead letters, so their askers time out rather than wait. The supervisor
    /// passes the board's request to passivate on to its shard, and stops with it on <see cref="StopBoard"/>.
    /// </summary>
    public static Props SupervisedProps(string board, BoardNodeSettings settings, TimeProvider clock, IActorRef? directory = null) =>
        Supervised(MessageStore.Props(board, settings.Store, clock, directory, settings.Storage.History), settings.MinRestartBackoff, settings.MaxRestartBackoff);

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
