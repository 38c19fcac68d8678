using ActorBoard.Actors.Board;
using ActorBoard.Actors.Cluster;
using ActorBoard.Actors.Hosting;
using ActorBoard.Actors.Storage;
using ActorBoard.Fixtures;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorBoard.Tests.Support;

/// <summary>
/// One cluster node in the test process: an actor system wired exactly as the server wires it
/// (<see cref="BoardNodeHosting.WithBoardNode"/>), listening on a loopback port, with no HTTP
/// in front. Several of them, joined over loopback remoting, make a real cluster.
/// </summary>
public sealed class BoardNode : IAsyncDisposable
{
    private readonly IHost _host;

    private BoardNode(IHost host, int port)
    {
        _host = host;
        Port = port;
    }

    public int Port { get; }

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    /// <summary>The boards' shard region on this node: every board is reached through it, wherever it lives.</summary>
    public IActorRef Boards => _host.Services.GetRequiredService<IRequiredActor<BoardRegion>>().ActorRef;

    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);

    /// <summary>
    /// Starts a node on <paramref name="storage"/> (prepared), joining <paramref name="seeds"/> (none: a cluster of
    /// its own); <paramref name="extraConfig"/> is HOCON taking precedence over the production wiring;
    /// <paramref name="atStart"/> runs as the actor system starts, before its first contact with a seed
    /// can have been answered (to subscribe to what that contact publishes).
    /// </summary>
    public static async Task<BoardNode> StartAsync(
        BoardStorage storage,
        IReadOnlyList<string> seeds,
        MessageStoreSettings? store = null,
        int? port = null,
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null,
        string? extraConfig = null,
        string hostname = "127.0.0.1",
        string? publicHostname = null,
        Action<ActorSystem>? atStart = null)
    {
        var listenOn = port ?? FreePort.Next();
        var cluster = new BoardClusterSettings(hostname, listenOn, seeds, certificate) { PublicHostname = publicHostname };
        var settings = new BoardNodeSettings(
            storage,
            store ?? new MessageStoreSettings(SnapshotEvery: 1000, MaxPendingAppends: 10_000),
            MinRestartBackoff: TimeSpan.FromMilliseconds(200),
            MaxRestartBackoff: TimeSpan.FromSeconds(2),
            cluster);
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .ConfigureServices(services => services.AddAkka(BoardNodeHosting.SystemName, akka => akka
                .AddHocon(extraConfig ?? string.Empty, HoconAddMode.Prepend)
                .AddStartup((system, _) => atStart?.Invoke(system))
                .WithBoardNode(settings, TimeProvider.System)))
            .Build();
        await host.StartAsync();
        return new BoardNode(host, listenOn);
    }

    /// <summary>Leaves the cluster the way SIGTERM does (Akka's coordinated shutdown), so its boards move.</summary>
    public async Task LeaveAsync() => await _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
