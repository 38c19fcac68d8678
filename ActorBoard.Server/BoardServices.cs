using System.Text.Encodings.Web;
using ActorBoard.Actors.Board;
using ActorBoard.Actors.Cluster;
using ActorBoard.Actors.Hosting;
using ActorBoard.Actors.Storage;
using ActorBoard.Server.Input;
using ActorBoard.Server.Live;
using ActorBoard.Server.Operations;
using ActorBoard.Server.Page;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server;

/// <summary>Everything the board registers with the host, and the middleware it runs.</summary>
public static class BoardServices
{
    public const string ConnectionStringName = "Board";
    public const string ReadyTag = "ready";
    public const string LiveTag = "live";

    /// <summary>Time given to requests in flight at shutdown; the process exits well within 10 s.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(7);

    public static WebApplicationBuilder AddBoard(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddBoardDefaults();
        SettingTypes.Verify(builder.Configuration);
        OperatorListener.AddTo(builder);

        // Static files come from wwwroot under the content root once published; a build output
        // (what `dotnet run` starts) names the project's wwwroot in its static web assets
        // manifest, which ASP.NET reads by itself only in Development.
        builder.WebHost.UseStaticWebAssets();

        builder.AddBoardTelemetry();

        var services = builder.Services;
        services.AddBoardOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RenderedPageCache>();
        services.AddSingleton<LiveFrames>();
        services.AddSingleton<LiveStreamLimits>();
        services.AddSingleton<KnownBoards>();
        services.AddSingleton<NewBoardLimits>();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = StatusCodeDetails.Describe);
        services.AddExceptionHandler<StoreUnavailableHandler>();

        // JSON is not HTML: keep apostrophes, quotes and non-ASCII text readable in API answers.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<BoardOptions>>((kestrel, board) =>
        {
            kestrel.AddServerHeader = false; // no "Server: Kestrel": nothing to tell a scanner
            SetKestrelLimits(kestrel.Limits, board.Value);
        });
        services.AddTrustedProxies();
        services.AddPostRateLimits();
        services.AddHealthChecks()
            .AddCheck<BoardRegionHealthCheck>("board-region", tags: [ReadyTag])
            .AddCheck<JournalWritableHealthCheck>("journal-writable", tags: [ReadyTag]);
        services.AddSingleton<JournalWritableHealthCheck>();

        // Ctrl-C / SIGTERM: Kestrel stops taking requests and lets those in flight finish (so
        // every post either completes, committed, or is refused), then the actor system stops.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);

        services.AddBoardNode();
        return builder;
    }

    /// <summary>The <c>Board</c> settings, checked at start: a wrong one stops the start with a sentence naming it.</summary>
    private static void AddBoardOptions(this IServiceCollection services)
    {
        services.AddOptions<BoardOptions>()
            .BindConfiguration(BoardOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration.GetConnectionString(ConnectionStringName) ?? string.Empty)
            .ValidateDataAnnotations()
            .Validate(
                options => string.IsNullOrWhiteSpace(options.Cluster.CertificatePath) || File.Exists(options.Cluster.CertificatePath),
                "Board:Cluster:CertificatePath names no file: give the path of the cluster's .pfx certificate, or leave it out for plain TCP.")
            .Validate(
                options => options.TrustedProxies.All(TrustedProxies.IsValid),
                "Board:TrustedProxies must list addresses (such as 127.0.0.1) or networks (such as 10.0.0.0/8).")
            .Validate(
                options => options.StoreRestartMinBackoff <= options.StoreRestartMaxBackoff,
                "Board:StoreRestartMinBackoff must not be longer than Board:StoreRestartMaxBackoff.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BoardOptions>, StorageSettingsValidation>();
        services.AddSingleton<IValidateOptions<BoardOptions>, RemotingSettingsValidation>();
    }

    /// <summary>
    /// The storage, prepared before anything opens it, and the node's actor system wired from the
    /// settings (<see cref="BoardNodeHosting.WithBoardNode"/>), logging through ASP.NET Core's loggers.
    /// </summary>
    private static void AddBoardNode(this IServiceCollection services)
    {
        services.AddSingleton(provider =>
        {
            var board = provider.GetRequiredService<IOptions<BoardOptions>>().Value;
            return BoardStorage.For(board.Storage, board.ConnectionString, provider.GetRequiredService<IHostEnvironment>().ContentRootPath);
        });
        services.AddSingleton(provider => provider.GetRequiredService<BoardStorage>().Directory);

        // Registered before Akka so that a database file the board must not use stops the start
        // before the actor system (and its journal) ever opens it.
        services.AddHostedService<BoardDatabaseStartup>();
        services.AddHostedService<UnauthenticatedRemotingWarning>();
        services.AddAkka(BoardNodeHosting.SystemName, (akka, provider) =>
        {
            var options = provider.GetRequiredService<IOptions<BoardOptions>>().Value;
            // Each node's readiness is about itself: an Up member (Akka's own check), its board
            // region answering and its journal taking commits (the checks registered above).
            akka.WithAkkaClusterReadinessCheck(tags: [ReadyTag]).WithActorSystemLivenessCheck(tags: [LiveTag]);
            akka.ConfigureLoggers(loggers =>
                {
                    // Akka's own state changes (remoting started, singletons, coordinators) are for
                    // whoever asks for them; the operator's view of the cluster is MembershipLog's.
                    loggers.LogLevel = AkkaLogLevel(provider.GetRequiredService<IConfiguration>());
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .WithBoardNode(
                    new BoardNodeSettings(
                        provider.GetRequiredService<BoardStorage>(),
                        new MessageStoreSettings(options.SnapshotEvery, options.MaxPendingAppends, options.IdleBoardTimeout, MaxMessages: options.MaxMessagesPerBoard)
                        {
                            WindowMessages = options.WindowMessages,
                            WindowBytes = options.WindowBytes,
                        },
                        options.StoreRestartMinBackoff,
                        options.StoreRestartMaxBackoff,
                        new BoardClusterSettings(options.Cluster.Hostname, options.Cluster.Port, options.Cluster.SeedNodes, options.Cluster.LoadCertificate())
                        {
                            PublicHostname = options.Cluster.PublicHostname,
                        }),
                    provider.GetRequiredService<TimeProvider>());
        });
    }

    /// <summary><c>Logging:LogLevel:Akka</c> as Akka's own log level; Warning when not set.</summary>
    private static Akka.Event.LogLevel AkkaLogLevel(IConfiguration configuration) =>
        Enum.TryParse<LogLevel>(configuration["Logging:LogLevel:Akka"], ignoreCase: true, out var level)
            ? level switch
            {
                LogLevel.Trace or LogLevel.Debug => Akka.Event.LogLevel.DebugLevel,
                LogLevel.Information => Akka.Event.LogLevel.InfoLevel,
                LogLevel.Warning => Akka.Event.LogLevel.WarningLevel,
                _ => Akka.Event.LogLevel.ErrorLevel,
            }
            : Akka.Event.LogLevel.WarningLevel;

    public static WebApplication UseBoard(this WebApplication app)
    {
        app.UseForwardedHeaders(); // first: everything after it sees the visitor, not the proxy
        OperatorListener.UseOperatorPaths(app);
        app.UseSecurityHeaders();
        app.UseRequestConcurrencyLimit();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Kestrel's limits, set deliberately rather than left to defaults.</summary>
    private static void SetKestrelLimits(KestrelServerLimits limits, BoardOptions board)
    {
        limits.MaxRequestBodySize = board.MaxRequestBodyBytes;
        limits.MaxRequestLineSize = 8 * 1024;
        limits.MaxRequestHeadersTotalSize = 32 * 1024;
        limits.MaxRequestHeaderCount = 64;
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);

        // A client trickling its body slower than this is cut off (after a grace period).
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        limits.MinResponseDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
    }
}
