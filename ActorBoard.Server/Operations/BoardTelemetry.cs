using ActorBoard.Actors.Telemetry;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ActorBoard.Server.Operations;

/// <summary>
/// What an operator's tools read, through OpenTelemetry: <c>/metrics</c> in the Prometheus text
/// format (the board's own meter, ASP.NET Core's request-duration histogram and the .NET runtime
/// meter) unless <c>Board:Metrics</c> is false, and traces over OTLP only when the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; with it unset no tracer is registered at all.
/// </summary>
public static class BoardTelemetry
{
    public const string MetricsPath = "/metrics";
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The .NET runtime's own meter (GC, JIT, thread pool, exceptions), built into .NET 9 and later.</summary>
    private const string RuntimeMeter = "System.Runtime";

    public static WebApplicationBuilder AddBoardTelemetry(this WebApplicationBuilder builder)
    {
        var metrics = builder.Configuration.GetValue(MetricsKey, true);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        if (!metrics && !otlp)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName: "actorboard"))
            .WithMetrics(meters =>
            {
                meters.AddMeter(BoardMetrics.MeterName, RuntimeMeter).AddAspNetCoreInstrumentation();
                if (metrics)
                {
                    // Every scrape reads the instruments afresh: a scrape is cheap, and a cached
                    // answer would show posts that were just acknowledged as not yet counted.
                    meters.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                }

                if (otlp)
                {
                    meters.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(BoardTracing.SourceName)
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath))
                .AddOtlpExporter());
        }

        return builder;
    }

    public static IEndpointRouteBuilder MapBoardMetrics(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<BoardOptions>>().Value.Metrics)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath);
        }

        return app;
    }

    private static string MetricsKey => $"{BoardOptions.Section}:{nameof(BoardOptions.Metrics)}";
}
