using System.Net;
using ActorBoard.Server.Operations;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// The board's SQLite file on a real filesystem that runs out of space: new boards are refused
/// first (507) while existing ones take posts; on a full disk posts are refused with 503,
/// readiness follows the journal's ability to commit, and nothing acknowledged is lost.
/// </summary>
public sealed class DiskFullSpecs : IDisposable
{
    private readonly TempDatabase _database = new();

    [SkippableFact]
    public async Task A_full_disk_refuses_posts_and_makes_the_board_not_ready_until_space_returns()
    {
        Skip.If(SmallDisk.Unavailable is not null, SmallDisk.Unavailable);
        using var disk = SmallDisk.Mount();
        using var server = BoardServer.OnSqlite(_database, OnThe(disk), ("Board:AskTimeout", "00:00:15"), ("Board:MinFreeBytesForNewBoards", "0"));
        using var client = server.CreateBoardClient();
        using var operatorClient = server.CreateManagementClient();
        await AssertAnswer(HttpStatusCode.SeeOther, "", await client.PostMessageAsync("before the disk filled"));
        await AssertAnswer(HttpStatusCode.OK, "", await client.GetAsync("/readyz"));

        disk.Fill();
        var refused = await client.PostMessageAsync("while the disk is full");
        // Readiness probes the journal at most once a second: the first probe after the disk filled sees it.
        var readiness = await Eventually.Get(async () => await operatorClient.GetAsync("/readyz") is { StatusCode: HttpStatusCode.ServiceUnavailable } answer ? answer : null, TimeSpan.FromSeconds(10));
        disk.Free();
        await Eventually.Until(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10));

        await AssertAnswer(HttpStatusCode.ServiceUnavailable, "The board cannot store posts right now. Try again in a second.", refused);
        var refusal = await refused.Content.ReadAsStringAsync();
        Assert.DoesNotContain(disk.Folder, refusal);
        Assert.DoesNotContain("SQLite", refusal, StringComparison.OrdinalIgnoreCase);
        await AssertAnswer(HttpStatusCode.ServiceUnavailable, "does not take commits", readiness);
        await AssertAnswer(HttpStatusCode.SeeOther, "", await client.PostUntilAcceptedAsync("after space returned"));
        var stored = (await client.ListAllAsync()).Select(message => message.Text).ToList();
        Assert.Equal("before the disk filled", stored[0]);
        Assert.Equal("after space returned", stored[^1]);
    }

    [SkippableFact]
    public async Task Short_of_room_a_post_that_would_open_a_board_is_507_while_existing_boards_take_posts()
    {
        Skip.If(SmallDisk.Unavailable is not null, SmallDisk.Unavailable);
        using var disk = SmallDisk.Mount();
        using var server = BoardServer.OnSqlite(_database, OnThe(disk), ("Board:MinFreeBytesForNewBoards", $"{4 * 1024 * 1024}"));
        using var client = server.CreateBoardClient();
        await AssertAnswer(HttpStatusCode.SeeOther, "", await client.PostMessageAsync("a board opened while there was room"));

        disk.Fill(leaving: 2 * 1024 * 1024);
        var newBoard = await client.PostAsync("/b/one-too-many", new FormUrlEncodedContent([KeyValuePair.Create("message", "no room for me")]));
        var existing = await client.PostMessageAsync("the existing board goes on");

        await AssertAnswer(HttpStatusCode.InsufficientStorage, "it opens no new boards for now", newBoard);
        await AssertAnswer(HttpStatusCode.SeeOther, "", existing);
        Assert.Equal(["a board opened while there was room", "the existing board goes on"], (await client.ListAllAsync()).Select(m => m.Text));
    }

    public void Dispose() => _database.Dispose();

    private static (string, string) OnThe(SmallDisk disk) => ("ConnectionStrings:Board", $"Data Source={Path.Combine(disk.Folder, "board.db")}");

    /// <summary>The status and text expected, with the whole answer in the failure message when either differs.</summary>
    private static async Task AssertAnswer(HttpStatusCode status, string text, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.StatusCode == status && body.Contains(text, StringComparison.Ordinal),
            $"Expected {(int)status} with \"{text}\", got {(int)response.StatusCode}: {body}");
    }
}
