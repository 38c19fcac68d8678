using ActorBoard.Actors.Storage;
using Akka.Cluster.Hosting;
using Akka.Hosting;

namespace ActorBoard.Actors.Hosting;

/// <summary>The board history's projection (<see cref="HistoryProjection"/>): one per cluster, on its oldest node, where the storage keeps a history.</summary>
public static class BoardHistoryHosting
{
    public static AkkaConfigurationBuilder WithBoardHistory(this AkkaConfigurationBuilder builder, BoardStorage storage) =>
        storage.History is { } history
            ? builder.WithSingleton<HistoryProjection>(HistoryProjection.Name, HistoryProjection.Props(history, HistoryProjection.StartAfter), new ClusterSingletonOptions(), createProxyToo: false)
            : builder;
}
