using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>The board lives in its SQLite file: a new server on the same file shows everything.</summary>
public sealed class RestartSpecs : IDisposable
{
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task Posted_messages_are_on_the_board_after_the_server_restarts()
    {
        using (var first = BoardServer.OnSqlite(_database))
        using (var client = first.CreateBoardClient())
        {
            await client.PostMessageAsync("posted before the restart");
            await client.PostMessageAsync("Don't lose me 🎉");
        }

        using var second = BoardServer.OnSqlite(_database);
        using var again = second.CreateBoardClient();
        var page = await again.GetStringAsync("/");

        Assert.Contains(">posted before the restart<", page);
        Assert.Contains(">Don't lose me 🎉<", page);
    }

    [Fact]
    public async Task A_restart_recovers_from_a_snapshot_and_the_events_after_it()
    {
        var snapshotEvery = ("Board:SnapshotEvery", "4");
        using (var first = BoardServer.OnSqlite(_database, snapshotEvery))
        using (var client = first.CreateBoardClient())
        {
            for (var i = 1; i <= 10; i++)
            {
                await client.PostMessageAsync($"message {i}");
            }
        }

        using var second = BoardServer.OnSqlite(_database, snapshotEvery);
        using var again = second.CreateBoardClient();
        var stored = await again.ListAllAsync();

        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"message {i}"), stored.Select(m => m.Text));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), stored.Select(m => m.Id));
    }

    [Fact]
    public async Task Ids_continue_after_a_restart_without_reusing_any()
    {
        using (var first = BoardServer.OnSqlite(_database))
        using (var client = first.CreateBoardClient())
        {
            await client.PostMessageAsync("one");
        }

        using var second = BoardServer.OnSqlite(_database);
        using var again = second.CreateBoardClient();
        await again.PostMessageAsync("two");

        Assert.Equal([1L, 2L], (await again.ListAllAsync()).Select(m => m.Id));
    }

    public void Dispose() => _database.Dispose();
}
