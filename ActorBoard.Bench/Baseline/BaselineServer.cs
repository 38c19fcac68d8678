using System.Text;
using ActorBoard.Server.Page;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActorBoard.Bench.Baseline;

/// <summary>
/// The comparison point for the HTTP benchmark: a minimal Kestrel board serving the same page
/// (the newest 50 messages, same renderer) from a lock-guarded list, rendered on every request,
/// plus <c>/plaintext</c> as the framework's own ceiling. Nothing is written to disk.
/// </summary>
public static class BaselineServer
{
    private const int PageSize = 50;

    public static async Task<int> RunAsync(string urls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var board = new LockedBoard();

        app.MapGet("/", () => Results.Bytes(Encoding.UTF8.GetBytes(BoardPage.Render(board.NewestPage(PageSize), FormState.Blank)), BoardPage.ContentType));
        app.MapPost("/", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var text = form["message"].ToString();
            if (string.IsNullOrWhiteSpace(text))
            {
                return Results.BadRequest("Write a message before posting.");
            }

            board.Add(text);
            return new SeeOtherResult("/");
        }).DisableAntiforgery();
        app.MapGet("/plaintext", () => Results.Text("Hello, World!"));
        app.MapGet("/readyz", () => Results.Text("Healthy")); // what the benchmark waits for, as for every server it starts

        await app.RunAsync();
        return 0;
    }
}
