using System.Globalization;

namespace ActorBoard.Server.Operations;

/// <summary>
/// The operator's own listener (<see cref="BoardOptions.ManagementUrls"/>, by default
/// <c>http://127.0.0.1:9000</c>): <c>/metrics</c>, <c>/api/cluster…</c>, <c>/api/moderation…</c> and the detailed readiness
/// report are answered there and nowhere else. A request is the operator's when it came in on one
/// of those ports, as the connection's local endpoint says; never by its <c>Host</c> header, which
/// the client writes. On the public listener those paths are 404, and <c>/readyz</c> and
/// <c>/healthz</c> answer their status word alone.
/// </summary>
public sealed class OperatorListener(IReadOnlySet<int> ports)
{
    /// <summary>The paths only the operator's listener answers.</summary>
    public static readonly string[] OperatorPaths = [BoardTelemetry.MetricsPath, "/api/cluster", ModerationEndpoints.Prefix];

    public IReadOnlySet<int> Ports { get; } = ports;

    /// <summary>Whether <paramref name="context"/> came in on the operator's listener.</summary>
    public bool Serves(HttpContext context) => Ports.Contains(context.Connection.LocalPort);

    /// <summary>
    /// Adds the operator's URLs to those the server listens on (<c>--urls</c>, or the ports
    /// ASP.NET was given), before the host is built; the listener that tells them apart is registered.
    /// </summary>
    public static void AddTo(WebApplicationBuilder builder)
    {
        var management = Parse(builder.Configuration[$"{BoardOptions.Section}:{nameof(BoardOptions.ManagementUrls)}"] ?? BoardOptions.DefaultManagementUrls);
        builder.Services.AddSingleton(new OperatorListener(management.Select(url => url.Port).ToHashSet()));
        if (management.Count == 0)
        {
            return;
        }

        var publicUrls = builder.Configuration["urls"] is { Length: > 0 } urls
            ? urls
            : string.Join(';', (builder.Configuration["http_ports"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries).Select(port => $"http://*:{port}"));
        builder.WebHost.UseSetting("urls", string.Join(';', new[] { publicUrls }.Concat(management.Select(url => url.GetLeftPart(UriPartial.Authority))).Where(url => url.Length > 0)));
    }

    /// <summary>The operator's URLs; throws for one that is not an http URL with a port of its own.</summary>
    public static IReadOnlyList<Uri> Parse(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.Port > 0 && url.Contains(':' + uri.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                ? uri
                : throw new Actors.Storage.BoardStartupException(
                    $"Board:ManagementUrls names '{url}', which is not an http URL with a port of its own, such as http://127.0.0.1:9000 (or leave it empty to serve no operator paths)."))
            .ToList();

    /// <summary>Answers 404 for the operator's paths asked on the public listener, before anything else sees them.</summary>
    public static IApplicationBuilder UseOperatorPaths(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var listener = context.RequestServices.GetRequiredService<OperatorListener>();
        if (!listener.Serves(context) && OperatorPaths.Any(path => context.Request.Path.StartsWithSegments(path)))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await next(context);
    });
}
