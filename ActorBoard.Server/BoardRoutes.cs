using ActorBoard.Server.Api;
using ActorBoard.Server.Live;
using ActorBoard.Server.Operations;
using ActorBoard.Server.Page;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace ActorBoard.Server;

/// <summary>
/// Every route the server answers, composed in one place: health, the board pages and the list of
/// boards, the JSON API, live streams, metrics, cluster information and moderation. Board routes sit behind
/// <see cref="BoardNameFilter"/>, the one guard against names that are not a board's.
/// </summary>
public static class BoardRoutes
{
    public static WebApplication MapBoard(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(BoardServices.LiveTag), ResponseWriter = HealthReportText.WriteAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(BoardServices.ReadyTag), ResponseWriter = HealthReportText.WriteAsync });

        var pages = app.MapGroup(string.Empty).AddEndpointFilter(BoardNameFilter.Page);
        pages.MapBoardPages();
        pages.MapBoardList();

        var api = app.MapGroup(string.Empty).AddEndpointFilter(BoardNameFilter.Problem);
        api.MapMessagesApi();
        api.MapLiveEvents();
        api.MapClusterInfo();
        api.MapModeration();
        app.MapBoardMetrics();
        return app;
    }
}
