using ActorBoard.Actors.Board;
using ActorBoard.Actors.Cluster;
using ActorBoard.Actors.Serialization;
using ActorBoard.Actors.Storage;
using Akka.Hosting;

namespace ActorBoard.Actors.Hosting;

/// <summary>How the boards are stored, supervised and spread over the cluster; filled from the server's options.</summary>
/// <param name="Storage">Where the boards and their list are kept, already prepared (<see cref="BoardStorage.Prepare"/>).</param>
/// <param name="Store">Each board's own settings.</param>
/// <param name="MinRestartBackoff">First wait before a board is started again after it stopped (e.g. storage failed).</param>
/// <param name="MaxRestartBackoff">Longest such wait.</param>
/// <param name="Cluster">Where this node listens and which nodes it joins.</param>
public sealed record BoardNodeSettings(
    BoardStorage Storage,
    MessageStoreSettings Store,
    TimeSpan MinRestartBackoff,
    TimeSpan MaxRestartBackoff,
    BoardClusterSettings Cluster);

/// <summary>
/// The production wiring of a node, used by the server and by the tests alike, as a chain of named
/// steps: the wire formats, the journal, remoting, cluster membership, the boards' region, then
/// the history that follows their journal.
/// </summary>
public static class BoardNodeHosting
{
    /// <summary>The actor system's name, part of every node address.</summary>
    public const string SystemName = "actorboard";

    /// <summary>
    /// This build's version (<c>Version</c> in Directory.Build.props), announced to the cluster as
    /// Akka's <c>AppVersion</c>: during a rolling upgrade Akka allocates new shards to the nodes of
    /// the newest version, so boards do not move back to nodes about to be replaced.
    /// </summary>
    public static string AppVersion { get; } =
        typeof(BoardNodeHosting).Assembly.GetName().Version is { } version ? $"{version.Major}.{version.Minor}.{version.Build}" : "0.0.0";

    /// <summary>The node's address as seed nodes name it: <c>akka.tcp://actorboard@host:port</c>.</summary>
    public static string Address(string host, int port) => $"akka.tcp://{SystemName}@{host}:{port}";

    public static AkkaConfigurationBuilder WithBoardNode(this AkkaConfigurationBuilder builder, BoardNodeSettings settings, TimeProvider clock) => builder
        .AddSetup(BoardSerialization.Setup)
        .WithBoardJournal(settings.Storage)
        .WithBoardRemoting(settings.Cluster)
        .WithBoardCluster(settings.Cluster)
        .WithBoardRegion(settings, clock)
        .WithBoardHistory(settings.Storage);
}
