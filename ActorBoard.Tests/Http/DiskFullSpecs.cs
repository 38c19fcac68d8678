using System.Net;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// The board's SQLite file on a real filesystem that runs out of space: posts are refused with
/// 503, readiness follows the journal's ability to commit, and nothing acknowledged is lost.
/// </summary>
public sealed class DiskFullSpecs : IDisposable
{
    private readonly TempDatabase _database = new();

    [SkippableFact]
    public async Task A_full_disk_refuses_posts_and_makes_the_board_not_ready_until_space_returns()
    {
        Skip.If(SmallDisk.Unavailable is not null, SmallDisk.Unavailable);
        using var disk = SmallDisk.Mount();
        using var server = BoardServer.OnSqlite(
            _database, ("ConnectionStrings:Board", $"Data Source={Path.Combine(disk.Folder, "board.db")}"), ("Board:AskTimeout", "00:00:15"));
        using var client = server.CreateBoardClient();
        Assert.Equal(HttpStatusCode.SeeOther, (await client.PostMessageAsync("before the disk filled")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        disk.Fill();
        var refused = await client.PostMessageAsync("while the disk is full");
        var readiness = await client.GetAsync("/readyz");
        disk.Free();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("could not store the message", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
        Assert.Contains("does not take commits", await readiness.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await client.PostUntilAcceptedAsync("after space returned")).StatusCode);
        var stored = (await client.ListAllAsync()).Select(message => message.Text).ToList();
        Assert.Equal("before the disk filled", stored[0]);
        Assert.Equal("after space returned", stored[^1]);
    }

    public void Dispose() => _database.Dispose();
}
