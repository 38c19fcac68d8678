using System.Text.Encodings.Web;
using ActorBoard.Actors;
using Akka.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server;

/// <summary>Everything the board registers with the host, and the middleware it runs.</summary>
public static class BoardServices
{
    public const string ConnectionStringName = "Board";

    public static WebApplicationBuilder AddBoard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BoardOptions>()
            .BindConfiguration(BoardOptions.Section)
            .ValidateDataAnnotations()
            .Validate(
                options => options.Storage != BoardStorage.Sqlite || !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionStringName)),
                $"Board:Storage is Sqlite, so ConnectionStrings:{ConnectionStringName} must name the database file.")
            .Validate(
                options => options.StoreRestartMinBackoff <= options.StoreRestartMaxBackoff,
                "Board:StoreRestartMinBackoff must not be longer than Board:StoreRestartMaxBackoff.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RenderedPageCache>();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = StatusCodeDetails.Describe);
        services.AddExceptionHandler<StoreUnavailableHandler>();

        // JSON is not HTML: keep apostrophes, quotes and non-ASCII text readable in API answers.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<BoardOptions>>(
            (kestrel, board) => kestrel.Limits.MaxRequestBodySize = board.Value.MaxRequestBodyBytes);

        // Registered before Akka so that a database file the board must not use stops the start
        // before the actor system (and its journal) ever opens it.
        services.AddHostedService<BoardDatabaseStartup>();
        services.AddAkka("actorboard", (akka, provider) =>
        {
            var options = provider.GetRequiredService<IOptions<BoardOptions>>().Value;
            var connectionString = provider.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName) ?? string.Empty;
            akka.ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .WithMessageStore(
                    new MessageStoreHostingSettings(
                        options.Storage,
                        connectionString,
                        new MessageStoreSettings(options.SnapshotEvery, options.MaxPendingAppends),
                        options.StoreRestartMinBackoff,
                        options.StoreRestartMaxBackoff),
                    provider.GetRequiredService<TimeProvider>());
        });

        return builder;
    }

    public static WebApplication UseBoard(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        return app;
    }
}
