using ActorBoard.Server.Input;

namespace ActorBoard.Server.Page;

/// <summary>
/// Refuses a form post that a browser says came from another site: <c>Sec-Fetch-Site: cross-site</c>,
/// or an <c>Origin</c> that is not the board's own. The form carries no antiforgery token (the board
/// has no accounts or cookies for a forged post to ride), but a hostile page could still make its
/// visitors post to the board; browsers name where a post comes from, and this reads it. A client
/// that sends neither header (curl, scripts, the course's test client) posts as before. The JSON
/// API needs no such guard: a page on another site cannot send <c>application/json</c> without the
/// board's consent (a CORS preflight it never grants).
/// </summary>
public sealed class SameSiteFormFilter : IEndpointFilter
{
    public static readonly SameSiteFormFilter Instance = new();

    private SameSiteFormFilter()
    {
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!FromAnotherSite(http.Request))
        {
            return await next(context);
        }

        var problem = PostRefusal.Refuse(http, new InputProblem(
            StatusCodes.Status403Forbidden,
            "Posted from another site",
            "This form was sent from a page on another site, and the board takes posts only from its own pages: open the board and post there."));
        return await BoardPageEndpoints.RenderWithError(http, string.Empty, problem);
    }

    /// <summary>
    /// <c>Sec-Fetch-Site</c> where the browser sends it (every current one does); otherwise an
    /// <c>Origin</c> naming another site. <c>Origin: null</c> names none: browsers send it for the
    /// board's own pages too, whose <c>Referrer-Policy: no-referrer</c> withholds the origin.
    /// </summary>
    private static bool FromAnotherSite(HttpRequest request) =>
        request.Headers["Sec-Fetch-Site"] is [{ } site]
            ? site == "cross-site"
            : request.Headers.Origin is [{ } origin] && origin != "null"
              && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
}
