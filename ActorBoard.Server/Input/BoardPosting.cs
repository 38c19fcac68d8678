using ActorBoard.Actors.Board;
using ActorBoard.Actors.Cluster;
using ActorBoard.Actors.Storage;
using Akka.Hosting;

namespace ActorBoard.Server.Input;

/// <summary>
/// The one way a post reaches its board, from the page's form and the API alike: a post to a board
/// nobody posted to must first pass <see cref="NewBoardLimits"/> (once for posts that arrive together), and a board's first post is
/// recorded in the list of boards (<see cref="KnownBoards.CreatedAsync"/>) before it is acknowledged.
/// </summary>
public static class BoardPosting
{
    /// <summary>The board's answer, or why the post may not open a new board (nothing was stored).</summary>
    public static async Task<(AppendReply? Reply, InputProblem? Refusal)> PostAsync(
        HttpContext context, IRequiredActor<BoardRegion> boards, string name, string text, PostKey key, BoardOptions settings)
    {
        var services = context.RequestServices;
        var known = services.GetRequiredService<KnownBoards>();
        var existed = await known.ExistsAsync(name, context.RequestAborted);
        var limits = services.GetRequiredService<NewBoardLimits>();
        using var opening = existed ? null : limits.Open(name);
        if (opening is not null && await opening.RefusalAsync(context) is { } refusal)
        {
            return (null, PostRefusal.Refuse(context, refusal));
        }

        var reply = await boards.AppendAsync(name, text, key, settings, context.RequestAborted);
        if (opening is not null && reply is MessageAppended { Message: var first })
        {
            await known.CreatedAsync(new BoardSummary(name, first.Id, first.PostedAt), context.RequestAborted);
            if (opening.IsFirst)
            {
                limits.Opened();
            }
        }

        return (reply, null);
    }
}
