using System.Text;
using ActorBoard.Server.Page;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActorBoard.Bench.Baseline;

/// <summary>
/// The comparison points for the HTTP benchmark: a minimal Kestrel board serving the same page
/// (the newest 50 messages, same renderer) from a lock-guarded list, rendered on every request,
/// plus <c>/plaintext</c> as the framework's own ceiling. The lock board keeps messages in memory
/// only; the plain durable writer (<see cref="DurableBoard"/>) answers each post after its commit,
/// as ActorBoard does.
/// </summary>
public static class BaselineServer
{
    private const int PageSize = 50;

    /// <summary>The lock board, in memory.</summary>
    public static Task<int> RunAsync(string urls)
    {
        var board = new LockedBoard();
        return RunAsync(urls, board, text =>
        {
            board.Add(text);
            return Task.CompletedTask;
        });
    }

    /// <summary>The plain durable writer on <paramref name="storage"/> (<c>sqlite</c> or <c>postgres</c>).</summary>
    public static async Task<int> RunDurableAsync(string urls, string storage, string connectionString)
    {
        await using var durable = await DurableBoard.OpenAsync(storage, connectionString);
        return await RunAsync(urls, durable.Board, durable.PostAsync);
    }

    /// <param name="urls">Where Kestrel listens.</param>
    /// <param name="board">What the pages show.</param>
    /// <param name="store">What a post does before its 303: adds to <paramref name="board"/>, at once or after its commit.</param>
    private static async Task<int> RunAsync(string urls, LockedBoard board, Func<string, Task> store)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        var app = builder.Build();

        app.MapGet("/", () => Results.Bytes(Encoding.UTF8.GetBytes(BoardPage.Render(board.NewestPage(PageSize), FormState.Blank)), BoardPage.ContentType));
        app.MapPost("/", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var text = form["message"].ToString();
            if (string.IsNullOrWhiteSpace(text))
            {
                return Results.BadRequest("Write a message before posting.");
            }

            await store(text);
            return new SeeOtherResult("/");
        }).DisableAntiforgery();
        app.MapGet("/plaintext", () => Results.Text("Hello, World!"));
        app.MapGet("/readyz", () => Results.Text("Healthy")); // what the benchmark waits for, as for every server it starts

        await app.RunAsync();
        return 0;
    }
}
