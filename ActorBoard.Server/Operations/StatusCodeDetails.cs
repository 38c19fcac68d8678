namespace ActorBoard.Server.Operations;

/// <summary>A sentence for the bodiless errors routing produces (404, 405), so every error reads clearly.</summary>
public static class StatusCodeDetails
{
    public static void Describe(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        context.ProblemDetails.Detail ??= http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"There is nothing at {http.Request.Path}. The board is at /.",
            StatusCodes.Status405MethodNotAllowed =>
                $"{http.Request.Method} is not allowed on {http.Request.Path}; use {http.Response.Headers.Allow}.",
            _ => null,
        };
    }
}
