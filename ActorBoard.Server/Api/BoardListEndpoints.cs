using ActorBoard.Actors.Board;
using ActorBoard.Actors.Storage;
using ActorBoard.Server.Input;
using ActorBoard.Server.Page;
using Microsoft.Extensions.Primitives;

namespace ActorBoard.Server.Api;

/// <summary>A board in the JSON list of boards.</summary>
public sealed record BoardResource(string Name, long Messages, DateTime LastPostAt);

/// <summary>A page of the list of boards; <c>next</c> is the next page's address, or null on the last.</summary>
public sealed record BoardList(IReadOnlyList<BoardResource> Boards, string? Next);

/// <summary>
/// The list of boards: <c>GET /b</c> (a page with a form to open a board by name) and
/// <c>GET /api/boards</c>, in name order, a page at a time. Read from the <see cref="BoardDirectory"/>,
/// so listing loads no board.
/// </summary>
public static class BoardListEndpoints
{
    public const int PageSize = 50;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapBoardList(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/b", [HttpMethods.Get, HttpMethods.Head], ShowBoards);
        app.MapGet("/api/boards", ListBoards);
        return app;
    }

    private static async Task<IResult> ShowBoards(HttpRequest request, BoardDirectory directory, CancellationToken aborted)
    {
        if (request.Query.TryGetValue("open", out var open))
        {
            var name = open.ToString().Trim().ToLowerInvariant();
            if (BoardName.IsValid(name))
            {
                return new SeeOtherResult(BoardPaths.Page(name));
            }

            var boards = await directory.ListAsync(null, PageSize, aborted);
            return Results.Content(
                BoardListPage.Render(boards, NextAfter(boards, PageSize), $"'{open}' is not a board name: use 1–64 characters of a–z, 0–9 and '-', starting with a letter or digit."),
                BoardPage.ContentType,
                statusCode: StatusCodes.Status400BadRequest);
        }

        var page = await directory.ListAsync(After(request.Query["after"]), PageSize, aborted);
        return Results.Content(BoardListPage.Render(page, NextAfter(page, PageSize), null), BoardPage.ContentType);
    }

    private static async Task<IResult> ListBoards(HttpRequest request, BoardDirectory directory, CancellationToken aborted)
    {
        if (!QueryNumber.TryRead(request.Query, "limit", out var asked) || asked is < 1 or > MaxLimit)
        {
            return Results.Problem($"'limit' must be one whole number from 1 to {MaxLimit}.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid query");
        }

        var limit = (int)(asked ?? 100);
        var boards = await directory.ListAsync(After(request.Query["after"]), limit, aborted);
        var next = NextAfter(boards, limit);
        return Results.Ok(new BoardList(
            boards.Select(board => new BoardResource(board.Name, board.Messages, board.LastPostAt.UtcDateTime)).ToList(),
            next is null ? null : $"/api/boards?after={next}&limit={limit}"));
    }

    /// <summary>The name the list continues after (a name outside the board alphabet lists from the start).</summary>
    private static string? After(StringValues after) => BoardName.IsValid(after.ToString()) ? after.ToString() : null;

    private static string? NextAfter(IReadOnlyList<BoardSummary> boards, int limit) => boards.Count == limit ? boards[^1].Name : null;
}
