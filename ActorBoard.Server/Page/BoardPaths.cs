using ActorBoard.Actors.Board;

namespace ActorBoard.Server.Page;

/// <summary>
/// Where each board lives on the web: the default board at <c>/</c>, <c>/events</c> and
/// <c>/api/messages</c> as it always has, every other board under <c>/b/{name}</c>,
/// <c>/b/{name}/events</c> and <c>/api/boards/{name}/messages</c>.
/// </summary>
public static class BoardPaths
{
    public const string NameRouteValue = "name";

    public static string Page(string board) => board == BoardName.Default ? "/" : $"/b/{board}";

    public static string Events(string board) => board == BoardName.Default ? "/events" : $"/b/{board}/events";

    public static string Messages(string board) => board == BoardName.Default ? "/api/messages" : $"/api/boards/{board}/messages";

    /// <summary>
    /// The board a request is for, on a route behind <see cref="BoardNameFilter"/> (which has
    /// answered 404 for any name that is not a board's).
    /// </summary>
    public static string Board(HttpContext context) =>
        BoardOf(context) ?? throw new InvalidOperationException($"{context.Request.Path} is not a board's route, or is mapped without {nameof(BoardNameFilter)}.");

    /// <summary>The board a request is for: its <c>{name}</c> route value, or the default board; null when the name is not a board name.</summary>
    public static string? BoardOf(HttpContext context) =>
        context.GetRouteValue(NameRouteValue) is string name
            ? BoardName.IsValid(name) ? name : null
            : BoardName.Default;

    /// <summary>Why a name in a URL is not a board.</summary>
    public static string NoSuchBoard(HttpContext context) =>
        $"There is no board at {context.Request.Path}: a board's name is 1–64 characters of a–z, 0–9 and '-', starting with a letter or digit.";

    /// <summary>The 404 problem+json the API and the live streams answer for a name that is not a board's.</summary>
    public static IResult NoSuchBoardProblem(HttpContext context) =>
        Results.Problem(NoSuchBoard(context), statusCode: StatusCodes.Status404NotFound, title: "No such board");
}
